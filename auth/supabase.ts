/**
 * Supabase Auth as a second way in: when SUPABASE_URL is configured, a
 * Supabase access token (Bearer) is verified with supabase-js
 * `auth.getClaims` and mapped to our user by e-mail. Behind a small port so
 * everything else runs (and is tested) without Supabase.
 */
import { createClient } from "@supabase/supabase-js";
import type { Data } from "../db/index.ts";

/** Verifies a third-party access token; the verified e-mail, or undefined. */
export type ExternalTokenVerifier = {
  verify: (token: string) => Promise<{ email: string } | undefined>;
};

/** A verifier backed by Supabase Auth (`auth.getClaims`, which checks the signature and expiry). */
export function createSupabaseTokenVerifier({
  url,
  anonKey,
}: {
  url: string;
  anonKey: string;
}): ExternalTokenVerifier {
  const client = createClient(url, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
  return {
    async verify(token) {
      try {
        const { data, error } = await client.auth.getClaims(token);
        const email = data?.claims?.email;
        if (error || typeof email !== "string" || email.length === 0) return undefined;
        return { email };
      } catch {
        return undefined;
      }
    },
  };
}

/** Our user with this e-mail (case-insensitive), if any. */
export async function userIdForEmail(data: Data, email: string): Promise<string | undefined> {
  const { rows } = await data.asService("auth: user by email", (tx) =>
    tx.query<{ id: string }>("select id from public.users where lower(email) = lower($1)", [email]),
  );
  return rows[0]?.id;
}
