export { DEMO_INVITE_TOKEN, DEMO_PERSONAS, type DemoPersona } from "./demo-personas.ts";
export {
  createCustomerInvite,
  INVITE_TOKEN,
  newInviteToken,
  type RedeemResult,
  redeemInvite,
} from "./invites.ts";
export {
  type MembershipRow,
  setUserLanguage,
  storedLanguage,
  type TelegramIdentity,
  type UserRow,
  upsertTelegramUser,
} from "./users.ts";
