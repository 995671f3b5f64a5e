export {
  createCustomerInvite,
  INVITE_TOKEN,
  newInviteToken,
  type RedeemResult,
  redeemInvite,
} from "./invites.ts";
export {
  customerMemberships,
  findUserByTelegramId,
  type MembershipRow,
  type TelegramIdentity,
  type UserRow,
  upsertTelegramUser,
} from "./users.ts";
