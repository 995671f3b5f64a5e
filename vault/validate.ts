/**
 * Turns what a customer typed into a login's stored shape: trimmed labels,
 * bare lowercase host names, known role ids, a normalised TOTP seed. Every
 * refusal names the field and never quotes a secret value.
 */
import { findRole, ROLES, type RoleId } from "../agents/roles.ts";
import { VaultValidationError } from "./errors.ts";
import { normalizeTotpSeed } from "./totp.ts";

export const LOGIN_FIELDS = ["username", "password", "totp"] as const;
export type LoginField = (typeof LOGIN_FIELDS)[number];

/** What the customer gives for a new login. */
export type LoginInput = {
  label: string;
  username: string;
  password: string;
  /** Base32 seed or otpauth:// URI; empty or absent for none. */
  totpSeed?: string | undefined;
  /** Domains (or URLs) the login may be typed on. */
  allowedDomains: readonly string[] | string;
  /** Role ids or names whose knights may use it. */
  allowedRoles: readonly string[] | string;
  /** Of those, the roles that need no tap per task on a verified domain. */
  standingRoles?: readonly string[] | string | undefined;
  notes?: string | undefined;
};

/** A change: absent (or empty secret) fields stay as they are; `totpSeed: null` removes the seed. */
export type LoginPatch = Partial<Omit<LoginInput, "totpSeed">> & { totpSeed?: string | null };

/** Control characters (C0 and DEL), which no label or username needs. */
const CONTROL = /\p{Cc}/u;
const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

const list = (value: readonly string[] | string) =>
  (typeof value === "string" ? value.split(/[\s,]+/) : value).map((v) => v.trim()).filter(Boolean);

/** A label the model and the customer will read ("Instagram — rosas.bakery"). */
export function checkLabel(label: unknown): string {
  const value = typeof label === "string" ? label.trim().replace(/\s+/g, " ") : "";
  if (value.length < 1 || value.length > 80 || CONTROL.test(value))
    throw new VaultValidationError("label", "Give the login a name of 1 to 80 characters");
  return value;
}

export function checkUsername(username: unknown): string {
  const value = typeof username === "string" ? username.trim() : "";
  if (value.length < 1 || value.length > 256 || CONTROL.test(value))
    throw new VaultValidationError("username", "The username must be 1 to 256 characters");
  return value;
}

export function checkPassword(password: unknown): string {
  const value = typeof password === "string" ? password : "";
  if (value.length < 1 || value.length > 1024 || /[\r\n]/.test(value))
    throw new VaultValidationError("password", "The password must be 1 to 1024 characters");
  return value;
}

export function checkTotpSeed(seed: unknown): string | undefined {
  if (seed === undefined || seed === null || (typeof seed === "string" && seed.trim() === ""))
    return undefined;
  const value = typeof seed === "string" ? normalizeTotpSeed(seed) : undefined;
  if (!value)
    throw new VaultValidationError(
      "totpSeed",
      "The two-factor key must be the base32 key or otpauth:// link the site showed",
    );
  return value;
}

/** Bare host names: `https://www.wix.com/login` → `www.wix.com`; at least one. */
export function checkDomains(domains: readonly string[] | string): string[] {
  const hosts = new Set<string>();
  for (const raw of list(domains)) {
    let host = raw.toLowerCase();
    try {
      if (/^[a-z][a-z0-9+.-]*:\/\//.test(host)) host = new URL(host).hostname;
    } catch {
      /* judged below */
    }
    host = host.replace(/\/.*$/, "").replace(/:\d+$/, "").replace(/^\*\./, "").replace(/\.$/, "");
    if (!HOST.test(host))
      throw new VaultValidationError("allowedDomains", `"${raw.slice(0, 60)}" is not a domain`);
    hosts.add(host);
  }
  if (hosts.size === 0 || hosts.size > 20)
    throw new VaultValidationError("allowedDomains", "Give 1 to 20 domains the login is for");
  return [...hosts];
}

/** Known role ids, from ids, names or aliases; at least one. */
export function checkRoles(roles: readonly string[] | string): RoleId[] {
  const ids = new Set<RoleId>();
  for (const name of list(roles)) {
    const role = findRole(name);
    if (!role)
      throw new VaultValidationError(
        "allowedRoles",
        `"${name.slice(0, 40)}" is not a role; choose from ${Object.values(ROLES)
          .map((r) => r.name)
          .join(", ")}`,
      );
    ids.add(role.id);
  }
  if (ids.size === 0)
    throw new VaultValidationError("allowedRoles", "Choose at least one role that may use it");
  return [...ids];
}

/** Standing roles: known roles, each also allowed; may be empty. */
export function checkStandingRoles(
  roles: readonly string[] | string | undefined,
  allowed: readonly string[],
): RoleId[] {
  if (roles === undefined || list(roles).length === 0) return [];
  const ids = checkRoles(roles);
  const stray = ids.find((id) => !allowed.includes(id));
  if (stray)
    throw new VaultValidationError(
      "standingRoles",
      `${ROLES[stray].name} may not use this login, so it cannot skip asking`,
    );
  return ids;
}

export function checkNotes(notes: unknown): string {
  const value = typeof notes === "string" ? notes.trim() : "";
  if (value.length > 2000)
    throw new VaultValidationError("notes", "Notes are at most 2000 characters");
  return value;
}

/**
 * What may be shown of a username: enough to tell accounts apart, not the
 * whole of it (`rosa@bakery.com` → `ro…@bakery.com`, `rosas.bakery` → `ros…`).
 */
export function accountHint(username: string): string {
  const at = username.lastIndexOf("@");
  if (at > 0) return `${username.slice(0, Math.min(2, at))}…${username.slice(at)}`;
  return username.length <= 4 ? `${username.slice(0, 1)}…` : `${username.slice(0, 3)}…`;
}
