/**
 * What the bot needs from the rest of the product, as small ports so the bot
 * can be built and tested before (and independently of) the brain, the
 * knights and billing.
 */
import type { ScheduleControls } from "../schedules/index.ts";

/** King Mouse's brain: one customer message in, one reply (maybe needing approval) out. */
export type BrainPort = {
  handleMessage: (input: {
    userId: string;
    customerId: string;
    chatId: number;
    text: string;
  }) => Promise<{ text: string; approval?: { id: string; summary: string }; photo?: Uint8Array }>;
};

/** The knights' side of a task the customer talks about. */
export type KnightsPort = {
  /** Hands the customer's answer to a knight waiting for input; returns whether one was waiting. */
  answer: (input: { userId: string; customerId: string; text: string }) => Promise<boolean>;
  /**
   * Seals a one-time code from the customer's reply for their knight that
   * asked for one (the bot then deletes the message); `not_waiting` or
   * `no_code` leave the message to the other features. Absent: no relay.
   */
  relayCode?: (input: {
    userId: string;
    customerId: string;
    text: string;
  }) => Promise<"relayed" | "not_waiting" | "no_code">;
  /** Stops a task as `userId` (`ref`: its id or first characters; a customer's own when `customerId` is given). */
  stop: (input: { userId: string; customerId?: string; ref: string }) => Promise<{
    outcome:
      | "cancelled"
      | "requested"
      | "already_requested"
      | "already_finished"
      | "forbidden"
      | "not_found";
    taskId?: string;
  }>;
};

/** Stripe links for the billing command and onboarding. */
export type BillingPort = {
  checkoutUrl: (input: { customerId: string; plan: "pro" | "team" }) => Promise<string>;
  portalUrl: (input: { customerId: string }) => Promise<string | undefined>;
};

/**
 * Logins pasted into chat (implemented by `vault/`'s `createPastedLogins`):
 * noticed before anything stores the message, held sealed for a one-tap save.
 */
export type PastedLoginsPort = {
  /** Undefined for an ordinary message; else what was noticed (no value) and a pending id to save. */
  catch: (input: {
    customerId: string | null;
    text: string;
  }) => Promise<{ pendingId?: string; describe: string } | undefined>;
  save: (
    actor: { userId: string },
    customerId: string,
    pendingId: string,
  ) => Promise<{ ok: true; label: string } | { ok: false; reason: string }>;
  discard: (customerId: string, pendingId: string) => Promise<void>;
};
/** Managing recurring work (`schedules/`' controls): the same functions every channel calls. */
export type SchedulesPort = Pick<
  ScheduleControls,
  "list" | "history" | "pause" | "resume" | "remove" | "runNow" | "skip"
>;
/** Files the customer sends (photos, documents): stored and put on a knight's desktop. */
export type FilesPort = {
  receive: (
    who: { userId: string; customerId: string },
    file: { fileName: string; contentType: string; bytes: Uint8Array },
  ) => Promise<{
    fileName: string;
    placed: { employeeName: string; path: string } | null;
    tooBigForDesktop: boolean;
  }>;
};
