/**
 * Errors of the secrets area. None of them ever carries a plaintext value:
 * messages name the secret, its owner and key id, never what it holds, so
 * they are safe to log and to wrap.
 */

/** The keyring cannot be built from the configured secrets (too short, or two keys share an id). */
export class SecretKeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretKeyringError";
  }
}

/** Why a stored value could not be decrypted. */
export type DecryptFailure =
  /** The envelope is not `v1.<iv>.<tag>.<ct>` with a 12-byte iv and 16-byte tag. */
  | "malformed"
  /** No key in the keyring has the stored key id (dropped from `previous` too early?). */
  | "unknown-key"
  /** GCM authentication failed: the value was altered, or belongs to another owner or name. */
  | "auth-failed";

/** A stored value did not decrypt: tampered with, moved to another row, or under a key we no longer hold. */
export class SecretDecryptError extends Error {
  readonly reason: DecryptFailure;
  readonly keyId: string;
  /** `customer:<id>/<name>` or `reseller:<id>/<name>` when the store knows which secret it was. */
  readonly secret?: string;

  constructor(
    reason: DecryptFailure,
    { keyId, secret, cause }: { keyId: string; secret?: string; cause?: unknown },
  ) {
    const what = secret ? `secret ${secret}` : "secret";
    super(`cannot decrypt ${what} (key ${keyId}): ${describe(reason)}`, { cause });
    this.name = "SecretDecryptError";
    this.reason = reason;
    this.keyId = keyId;
    if (secret !== undefined) this.secret = secret;
  }
}

function describe(reason: DecryptFailure): string {
  switch (reason) {
    case "malformed":
      return "the stored value is not a v1 envelope";
    case "unknown-key":
      return "no key in the keyring has this id";
    case "auth-failed":
      return "authentication failed (altered, or stored under another owner or name)";
  }
}

/** The caller passed an owner, name or value the store does not accept. */
export class SecretValidationError extends Error {
  readonly field: "owner" | "name" | "value" | "id";
  constructor(field: "owner" | "name" | "value" | "id", message: string) {
    super(message);
    this.name = "SecretValidationError";
    this.field = field;
  }
}

/**
 * The database refused the operation for the transaction's user: row-level
 * security or the column grants (tenants may never read ciphertext).
 */
export class SecretAccessDeniedError extends Error {
  readonly operation: "put" | "get" | "list" | "delete";
  readonly secret: string;
  constructor(
    operation: "put" | "get" | "list" | "delete",
    secret: string,
    options: { cause: unknown },
  ) {
    super(`not allowed to ${operation} secret ${secret}`, options);
    this.name = "SecretAccessDeniedError";
    this.operation = operation;
    this.secret = secret;
  }
}
