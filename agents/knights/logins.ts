/**
 * The knights' port to the customer's vault, and the `SecretSource` one task
 * types its logins through. Before a field is resolved, the page's host is
 * learned from the active window's title through Orgo's `bash`
 * (`xdotool getactivewindow getwindowname`): a segment of the title that is a
 * bare host name (the sandbox's browser and some real ones put it there) is
 * checked against the login's allowed domains. Most browsers show only the
 * page's title, so the host is often unknown: the vault records the use as
 * unverified (see the README). The value itself never leaves this call
 * path: not into a log line, a step row, a job or a model request. A
 * one-time code the customer relayed from chat (field `one_time_code`) is
 * taken the same way, once, without a domain check: the site sent it.
 */
import type { Tx } from "../../db/index.ts";
import type { OrgoClient } from "../orgo/index.ts";
import type { SecretSource } from "./perform.ts";

/** What the knights need of `vault/`'s `createLoginTyper`. */
export type KnightVault = {
  available: (
    customerId: string,
    role: string,
  ) => Promise<{ label: string; fields: string[]; domains: string[] }[]>;
  resolve: (request: {
    customerId: string;
    taskId: string;
    employeeId: string;
    role: string;
    label: string;
    field: "username" | "password" | "totp";
    pageHost?: string | undefined;
  }) => Promise<
    | { ok: true; value: string }
    | { ok: false; reason: string; approval?: { id: string; summary: string } }
  >;
  /**
   * Seals a one-time code the customer relayed from chat for the task, in
   * `tx`; false when `text` holds nothing code-like (`vault/codes.ts`).
   */
  holdCode?: (
    tx: Tx,
    relay: { customerId: string; taskId: string; userId: string | null; text: string },
  ) => Promise<boolean>;
  /** Opens and forgets the task's relayed code, recording the use. */
  takeCode?: (request: {
    customerId: string;
    taskId: string;
    employeeId: string;
  }) => Promise<{ ok: true; value: string } | { ok: false; reason: string }>;
};

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** Title segments that look like hosts but are file names (`notes.txt - Editor`). */
const FILE_EXTENSIONS = new Set(
  "txt md pdf png jpg jpeg gif csv tsv html htm json xml doc docx xls xlsx ppt pptx odt ods zip sh py js ts log".split(
    " ",
  ),
);

/** The host a window title names as one of its ` - `-separated segments, if any. */
export function hostFromTitle(title: string): string | undefined {
  for (const segment of title.split(/\s+[-–—|]\s+/)) {
    const candidate = segment.trim().toLowerCase();
    if (!HOST.test(candidate)) continue;
    if (FILE_EXTENSIONS.has(candidate.slice(candidate.lastIndexOf(".") + 1))) continue;
    return candidate;
  }
  return undefined;
}

/** The `SecretSource` of one task on one desktop. */
export function createSecretSource(
  vault: KnightVault,
  orgo: OrgoClient,
  who: { customerId: string; taskId: string; employeeId: string; role: string },
  computerId: () => string,
): SecretSource {
  return async (request, signal) => {
    // A code the customer relayed goes to whatever page asked for it: it was sent for that page.
    if (request.field === "one_time_code")
      return vault.takeCode
        ? vault.takeCode(who)
        : { ok: false, reason: "One-time codes cannot be relayed here" };
    let pageHost: string | undefined;
    try {
      const shell = await orgo.bash(computerId(), "xdotool getactivewindow getwindowname", {
        signal,
        timeoutSeconds: 10,
      });
      if (shell.exitCode === 0) pageHost = hostFromTitle(shell.output.split("\n")[0] ?? "");
    } catch (error) {
      if (signal.aborted) throw error;
      // The title could not be read: the domain stays unverified.
    }
    return vault.resolve({ ...who, label: request.login, field: request.field, pageHost });
  };
}
