import { invalidParam, parameterMissing } from "./errors.ts";
import type { Params, ParamValue } from "./form.ts";

export type Metadata = Record<string, string>;

/** Reads an optional string parameter; `name` is the wire name used in errors. */
export function optionalString(value: ParamValue | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalidParam(name, `Invalid string: ${name}`);
  return value;
}

/** Reads a required, non-empty string parameter. */
export function requiredString(value: ParamValue | undefined, name: string): string {
  const text = optionalString(value, name);
  if (text === undefined || text === "") throw parameterMissing(name);
  return text;
}

/** Reads an optional integer the way Stripe parses `unit_amount=1000`. */
export function optionalInteger(value: ParamValue | undefined, name: string): number | undefined {
  const text = optionalString(value, name);
  if (text === undefined || text === "") return undefined;
  if (!/^-?\d+$/.test(text)) throw invalidParam(name, `Invalid integer: ${text}`);
  return Number(text);
}

/** Reads an optional decimal number (`application_fee_percent=12.5`). */
export function optionalNumber(value: ParamValue | undefined, name: string): number | undefined {
  const text = optionalString(value, name);
  if (text === undefined || text === "") return undefined;
  const number = Number(text);
  if (!Number.isFinite(number)) throw invalidParam(name, `Invalid decimal: ${text}`);
  return number;
}

/** Reads an optional boolean sent as `true`/`false`. */
export function optionalBoolean(value: ParamValue | undefined, name: string): boolean | undefined {
  const text = optionalString(value, name);
  if (text === undefined || text === "") return undefined;
  if (text !== "true" && text !== "false") throw invalidParam(name, `Invalid boolean: ${text}`);
  return text === "true";
}

/** Reads one of a fixed set of values, with Stripe's "Invalid x: must be one of …" wording. */
export function optionalEnum<T extends string>(
  value: ParamValue | undefined,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const text = optionalString(value, name);
  if (text === undefined || text === "") return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    const list =
      allowed.length > 1
        ? `${allowed.slice(0, -1).join(", ")}, or ${allowed[allowed.length - 1]}`
        : allowed[0];
    throw invalidParam(name, `Invalid ${name}: must be one of ${list}`);
  }
  return text as T;
}

/** Reads an optional nested object (`subscription_data[...]`). */
export function optionalObject(value: ParamValue | undefined, name: string): Params | undefined {
  if (value === undefined || value === "") return undefined;
  if (typeof value === "string" || Array.isArray(value)) {
    throw invalidParam(name, `Invalid object: ${name}`);
  }
  return value;
}

/** Reads an optional array (`line_items[0]…`, `expand[]`). */
export function optionalArray(value: ParamValue | undefined, name: string): ParamValue[] {
  if (value === undefined || value === "") return [];
  if (!Array.isArray(value)) throw invalidParam(name, `Invalid array: ${name}`);
  return value;
}

/**
 * Applies a `metadata` parameter to existing metadata: keys set to "" are
 * removed and `metadata=""` clears everything, as in Stripe's update calls.
 */
export function mergeMetadata(current: Metadata, value: ParamValue | undefined): Metadata {
  if (value === undefined) return current;
  if (value === "") return {};
  if (typeof value === "string" || Array.isArray(value)) {
    throw invalidParam("metadata", "Invalid object: metadata");
  }
  const next = { ...current };
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== "string") throw invalidParam(`metadata[${key}]`, "Invalid string");
    if (entry === "") delete next[key];
    else next[key] = entry;
  }
  return next;
}

/** Reads the `expand[]` list every Stripe endpoint accepts. */
export function expandList(params: Params): string[] {
  return optionalArray(params.expand, "expand").map((entry, index) =>
    requiredString(entry, `expand[${index}]`),
  );
}
