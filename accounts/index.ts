export {
  createCustomerInvite,
  INVITE_TOKEN,
  newInviteToken,
  type RedeemResult,
  redeemInvite,
} from "./invites.ts";
export {
  type AccountStatus,
  type StatusOutcome,
  setAccountStatus,
} from "./status.ts";
export {
  type MembershipRow,
  type TelegramIdentity,
  type UserRow,
  upsertTelegramUser,
} from "./users.ts";
