/**
 * The people `supabase/seed.sql` puts in the no-keys demo, one per role, so
 * the start-up banner can offer a sign-in link for each and the Telegram
 * simulator can let a visitor be any of them. Fixed ids: the seed's own.
 */
export type DemoPersona = {
  key: "owner" | "reseller" | "admin";
  /** What the persona is, in the banner and the simulator's switcher. */
  role: string;
  name: string;
  userId: string;
  telegramUserId: number;
};

/** The seeded customer owner, reseller and platform admin (see supabase/seed.sql). */
export const DEMO_PERSONAS: readonly DemoPersona[] = [
  {
    key: "owner",
    role: "customer owner",
    name: "Bella (Bella's Bakery)",
    userId: "00000000-0000-4000-8000-000000000003",
    telegramUserId: 100_000_003,
  },
  {
    key: "reseller",
    role: "reseller",
    name: "Rita (Acme Digital)",
    userId: "00000000-0000-4000-8000-000000000002",
    telegramUserId: 100_000_002,
  },
  {
    key: "admin",
    role: "platform admin",
    name: "Ada (platform admin)",
    userId: "00000000-0000-4000-8000-000000000001",
    telegramUserId: 100_000_001,
  },
];

/** The seeded invite for a new demo business: what the demo QR code opens. */
export const DEMO_INVITE_TOKEN = "demo_invite_0000000000000001";
