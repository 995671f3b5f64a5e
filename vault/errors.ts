/**
 * Errors of the vault. Like the secrets store's, none of them ever quotes a
 * value: they name the field that was wrong and why, so channels can show
 * them as they are (a 4xx reason, a bot reply) and logs can carry them.
 */

/** What the customer typed cannot be stored as it is. */
export class VaultValidationError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = "VaultValidationError";
    this.field = field;
  }
}

/** The acting user may not manage this customer's logins (members, viewers, strangers). */
export class VaultForbiddenError extends Error {
  constructor() {
    super("Only the account's owners and admins can see or change its logins");
    this.name = "VaultForbiddenError";
  }
}

/** No such login for this customer (or it belongs to someone else). */
export class VaultNotFoundError extends Error {
  constructor() {
    super("There is no such login");
    this.name = "VaultNotFoundError";
  }
}

/** Another login of the customer already has this label. */
export class VaultConflictError extends Error {
  constructor(label: string) {
    super(`A login called "${label}" already exists`);
    this.name = "VaultConflictError";
  }
}
