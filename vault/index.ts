/** The customer's vault: logins knights use without seeing them (issue 25). */

export {
  codeInReply,
  createOneTimeCodes,
  ONE_TIME_CODE,
  type OneTimeCodes,
  type TakenCode,
} from "./codes.ts";
export { detectPastedLogin, type PastedLogin } from "./detect.ts";
export {
  VaultConflictError,
  VaultForbiddenError,
  VaultNotFoundError,
  VaultValidationError,
} from "./errors.ts";
export {
  createVault,
  type LoginInfo,
  type LoginUse,
  secretName,
  type Vault,
  type VaultActor,
  type VaultDeps,
  vaultFor,
} from "./logins.ts";
export { type Caught, createPastedLogins, type PastedLogins, type SaveResult } from "./pasted.ts";
export { normalizeTotpSeed, totp, verifyTotp } from "./totp.ts";
export {
  type AvailableLogin,
  createLoginTyper,
  hostAllowed,
  type LoginTyper,
  type UseRequest,
  type UseResult,
} from "./use.ts";
export {
  accountHint,
  LOGIN_FIELDS,
  type LoginField,
  type LoginInput,
  type LoginPatch,
} from "./validate.ts";
