import { SecretValidationError } from "./errors.ts";

/** Who a secret belongs to: exactly one customer or one reseller. */
export type SecretOwner = { customerId: string } | { resellerId: string };

/** An owner checked and normalised: the column it lives in and a lowercase id. */
export type ResolvedOwner = {
  kind: "customer" | "reseller";
  column: "customer_id" | "reseller_id";
  id: string;
};

/** The same rule as the table's check constraint, enforced before anything is encrypted. */
export const SECRET_NAME = /^[a-z][a-z0-9_]{0,63}$/;
/** Values beyond this are not API keys or tokens; refuse them rather than store blobs. */
export const MAX_SECRET_BYTES = 16 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks an owner and lowercases its id, so the associated data matches what Postgres returns. */
export function resolveOwner(owner: SecretOwner): ResolvedOwner {
  const customerId = (owner as { customerId?: unknown }).customerId;
  const resellerId = (owner as { resellerId?: unknown }).resellerId;
  if ((customerId === undefined) === (resellerId === undefined))
    throw new SecretValidationError(
      "owner",
      "a secret's owner is one customerId or one resellerId",
    );
  const kind = customerId !== undefined ? "customer" : "reseller";
  const raw = customerId ?? resellerId;
  const id = typeof raw === "string" ? raw.toLowerCase() : "";
  if (!UUID.test(id)) throw new SecretValidationError("owner", `the ${kind} id must be a uuid`);
  return { kind, column: kind === "customer" ? "customer_id" : "reseller_id", id };
}

/** Turns a row's owner columns back into a `SecretOwner`. */
export function ownerOfRow(row: { customer_id: string | null; reseller_id: string | null }) {
  return row.customer_id ? { customerId: row.customer_id } : { resellerId: row.reseller_id! };
}

/** Throws unless `name` is a valid secret name. */
export function checkName(name: string): void {
  if (typeof name !== "string" || !SECRET_NAME.test(name))
    throw new SecretValidationError(
      "name",
      "a secret name is 1-64 characters of a-z, 0-9 and _, starting with a letter",
    );
}

/** Throws unless `plaintext` is a non-empty string of acceptable size (never quoting it). */
export function checkValue(plaintext: string): void {
  if (typeof plaintext !== "string" || plaintext.length === 0)
    throw new SecretValidationError("value", "a secret value must be a non-empty string");
  if (Buffer.byteLength(plaintext, "utf8") > MAX_SECRET_BYTES)
    throw new SecretValidationError(
      "value",
      `a secret value must be at most ${MAX_SECRET_BYTES} bytes`,
    );
}

/** `customer:<id>/<name>`: how logs and errors name a secret. */
export function label(owner: ResolvedOwner, name: string): string {
  return `${owner.kind}:${owner.id}/${name}`;
}

/**
 * The associated data every value is sealed with. Ids are uuids and names
 * match SECRET_NAME, so `|` cannot be forged into either part.
 */
export function associatedData(owner: ResolvedOwner, name: string): string {
  return `mouse/secrets/v1|${owner.kind}:${owner.id}|${name}`;
}
