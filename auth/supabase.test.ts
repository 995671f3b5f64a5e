/**
 * The Supabase Auth adapter against a stand-in for a Supabase project's JWKS
 * endpoint: supabase-js `auth.getClaims` verifies the asymmetric signature
 * and expiry itself; the adapter hands back only the verified e-mail.
 */
import { generateKeyPairSync } from "node:crypto";
import { Hono } from "hono";
import { sign } from "hono/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type RunningServer } from "../lib/http-server.ts";
import { createSupabaseTokenVerifier } from "./supabase.ts";

const keyPair = (kid: string) => {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    private: { ...privateKey.export({ format: "jwk" }), alg: "ES256", kid },
    public: { ...publicKey.export({ format: "jwk" }), alg: "ES256", kid, use: "sig" },
  };
};

describe("Supabase access tokens", () => {
  const project = keyPair("project-key");
  const stranger = keyPair("project-key");
  let server: RunningServer;
  beforeAll(async () => {
    const app = new Hono().get("/auth/v1/.well-known/jwks.json", (c) =>
      c.json({ keys: [project.public] }),
    );
    server = await listen(app);
  });
  afterAll(() => server?.close());

  const token = (key: { alg: string; kid: string }, claims: Record<string, unknown>) =>
    sign(
      {
        sub: "2f1c0b9e-6a56-4b43-9d36-1f5b0c4f7a10",
        role: "authenticated",
        exp: Math.floor(Date.now() / 1000) + 600,
        ...claims,
      },
      key as never,
    );

  it("returns the e-mail of a token the project signed, and nothing for forged or expired ones", async () => {
    const verifier = createSupabaseTokenVerifier({ url: server.url, anonKey: "anon-key" });
    expect(
      await verifier.verify(await token(project.private, { email: "rosa@example.com" })),
    ).toEqual({
      email: "rosa@example.com",
    });
    expect(
      await verifier.verify(await token(stranger.private, { email: "admin@example.com" })),
    ).toBeUndefined();
    expect(
      await verifier.verify(
        await token(project.private, {
          email: "rosa@example.com",
          exp: Math.floor(Date.now() / 1000) - 60,
        }),
      ),
    ).toBeUndefined();
    expect(await verifier.verify(await token(project.private, {}))).toBeUndefined();
    expect(await verifier.verify("not-a-jwt")).toBeUndefined();
  });
});
