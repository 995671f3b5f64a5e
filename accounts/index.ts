export { ensureAdmins } from "./admins.ts";
export { DEMO_INVITE_TOKEN, DEMO_PERSONAS, type DemoPersona } from "./demo-personas.ts";
export {
  createCustomerInvite,
  INVITE_TOKEN,
  newInviteToken,
  type RedeemResult,
  redeemInvite,
} from "./invites.ts";
export { completeOnboarding } from "./profile.ts";
export { selfSignup } from "./signup.ts";
export {
  createSignupGuard,
  type SignupGuard,
  type SignupGuardOptions,
} from "./signup-guard.ts";
export {
  type AccountStatus,
  type StatusOutcome,
  setAccountStatus,
} from "./status.ts";
export {
  changeMemberRole,
  issueInvite,
  type MemberRole,
  removeMembership,
} from "./team.ts";
export { adoptGuessedTimeZone, getTimeZone, setTimeZone, TimeZoneError } from "./time-zone.ts";
export {
  type MembershipRow,
  setUserLanguage,
  storedLanguage,
  type TelegramIdentity,
  type UserRow,
  upsertTelegramUser,
} from "./users.ts";
