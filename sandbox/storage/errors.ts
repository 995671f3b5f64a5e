/**
 * Supabase Storage's error bodies. The Storage server renders every failure
 * as `{ statusCode, code, error, message }` (statusCode a string, `code` the
 * new error code, `error` the legacy one), which storage-js turns into a
 * `StorageApiError` with `status` (the HTTP status), `statusCode` and `code`.
 * The wording below is Storage's own (`src/internal/errors/codes.ts`).
 */
export type StorageErrorBody = {
  statusCode: string;
  code: string;
  error: string;
  message: string;
};

/** Thrown anywhere in a handler; the app renders it with its HTTP status. */
export class StorageSandboxError extends Error {
  readonly status: number;
  readonly body: StorageErrorBody;

  constructor(status: number, code: string, error: string, message: string) {
    super(message);
    this.name = "StorageSandboxError";
    this.status = status;
    this.body = { statusCode: String(status), code, error, message };
  }
}

export const storageErrors = {
  noSuchBucket: () =>
    new StorageSandboxError(404, "NoSuchBucket", "Bucket not found", "Bucket not found"),
  noSuchKey: () => new StorageSandboxError(404, "NoSuchKey", "not_found", "Object not found"),
  keyAlreadyExists: () =>
    new StorageSandboxError(409, "KeyAlreadyExists", "Duplicate", "The resource already exists"),
  bucketAlreadyExists: () =>
    new StorageSandboxError(409, "BucketAlreadyExists", "Duplicate", "The resource already exists"),
  entityTooLarge: () =>
    new StorageSandboxError(
      413,
      "EntityTooLarge",
      "Payload too large",
      "The object exceeded the maximum allowed size",
    ),
  invalidMimeType: (type: string) =>
    new StorageSandboxError(
      415,
      "InvalidMimeType",
      "invalid_mime_type",
      `mime type ${type} is not supported`,
    ),
  invalidKey: (key: string) =>
    new StorageSandboxError(400, "InvalidKey", "Invalid Input", `Invalid key: ${key}`),
  invalidBucketName: (name: string) =>
    new StorageSandboxError(
      400,
      "InvalidBucketName",
      "Invalid Input",
      `Bucket name invalid: ${name}`,
    ),
  invalidRequest: (message: string) =>
    new StorageSandboxError(400, "InvalidRequest", "Invalid Input", message),
  invalidJwt: (message: string) =>
    new StorageSandboxError(400, "InvalidJWT", "Unauthorized", message),
  missingAuthorization: () =>
    new StorageSandboxError(
      400,
      "InvalidRequest",
      "Error",
      "headers must have required property 'authorization'",
    ),
  rowLevelSecurity: () =>
    new StorageSandboxError(
      403,
      "AccessDenied",
      "Unauthorized",
      "new row violates row-level security policy",
    ),
};
