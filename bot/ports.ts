/**
 * What the bot needs from the rest of the product, as small ports so the bot
 * can be built and tested before (and independently of) the brain, the
 * knights and billing.
 */

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
};

/** Stripe links for the billing command and onboarding. */
export type BillingPort = {
  checkoutUrl: (input: { customerId: string; plan: "pro" | "team" }) => Promise<string>;
  portalUrl: (input: { customerId: string }) => Promise<string | undefined>;
};

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
