export {
  ApiKeyDeniedError,
  type ApiKeyIdentity,
  type ApiKeyRow,
  type ApiKeyScope,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  verifyApiKey,
} from "./api-keys.ts";
export { createLoginLink, redeemLoginLink } from "./login-links.ts";
export {
  clearSessionCookie,
  isSecureRequest,
  readSessionCookie,
  setSessionCookie,
} from "./session-cookie.ts";
export {
  createSessions,
  type SessionClaims,
  type SessionProvider,
  type Sessions,
  type SessionsOptions,
  sessionKey,
} from "./sessions.ts";
export {
  createSupabaseTokenVerifier,
  type ExternalTokenVerifier,
  userIdForEmail,
} from "./supabase.ts";
export { InitDataRefusedError, userFromInitData } from "./telegram-init-data.ts";
