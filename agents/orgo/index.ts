export {
  createOrgoClient,
  ORGO_UPLOAD_MAX_BYTES,
  type OrgoClient,
  type OrgoClientOptions,
} from "./client.ts";
export {
  OrgoAuthError,
  OrgoConflictError,
  OrgoDesktopUnavailableError,
  OrgoError,
  OrgoForbiddenError,
  OrgoInsufficientCreditsError,
  OrgoMethodNotAllowedError,
  OrgoNetworkError,
  OrgoNotFoundError,
  OrgoProtocolError,
  OrgoRateLimitError,
  OrgoTimeoutError,
  OrgoUnreachableError,
  OrgoUpstreamError,
  OrgoValidationError,
} from "./errors.ts";
export type { OrgoHttpOptions } from "./http.ts";
export { describeImage, type ImageType, type Screenshot } from "./image.ts";
export {
  type ActionResult,
  type BashResult,
  type Computer,
  type ComputerStatus,
  type CreateComputerInput,
  type MouseButton,
  type OrgoFile,
  parseResolution,
  type Workspace,
} from "./types.ts";
