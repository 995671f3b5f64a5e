export {
  createCustomerInvite,
  INVITE_TOKEN,
  newInviteToken,
  type RedeemResult,
  redeemInvite,
} from "./invites.ts";
export { adoptGuessedTimeZone, getTimeZone, setTimeZone, TimeZoneError } from "./time-zone.ts";
export {
  type MembershipRow,
  type TelegramIdentity,
  type UserRow,
  upsertTelegramUser,
} from "./users.ts";
