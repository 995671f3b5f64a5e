/** Builds the AES-256-GCM keyring from the current and previous APP_SECRETs. */
export {
  createKeyring,
  KEY_INFO,
  type Keyring,
  type KeyringOptions,
  MIN_APP_SECRET_LENGTH,
  type Sealed,
} from "./crypto.ts";
/** Named errors; none of them ever contains a plaintext value. */
export {
  type DecryptFailure,
  SecretAccessDeniedError,
  SecretDecryptError,
  SecretKeyringError,
  SecretValidationError,
} from "./errors.ts";
/** Owner shape and the limits every secret obeys. */
export { MAX_SECRET_BYTES, SECRET_NAME, type SecretOwner } from "./owner.ts";
/** The result of `SecretStore.rotate()`. */
export type { RotationResult } from "./rotate.ts";
/** The encrypted secret store over `public.secrets`. */
export {
  createSecretStore,
  type RevealedSecret,
  type SecretInfo,
  type SecretStore,
  type SecretStoreOptions,
} from "./store.ts";
