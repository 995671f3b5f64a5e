/**
 * TRUST_PROXY as the web kit applies it: the address the rate limiter and
 * sign-up counting see for a request, from its socket peer and X-Forwarded-For.
 */
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createConfig } from "../config/index.ts";
import type { Data } from "../db/index.ts";
import { createWebKit } from "./web-kit.ts";

async function addressSeen(trustProxyEnv: string | undefined, peer: string, forwardedFor?: string) {
  const { trustProxy } = createConfig(trustProxyEnv ? { TRUST_PROXY: trustProxyEnv } : {});
  // ipOf touches no data; the kit is built as runtime/start.ts builds it.
  const kit = createWebKit({ data: {} as Data, appSecret: "x".repeat(32), trustProxy });
  const app = new Hono().get("/", (c) => c.text(kit.ipOf(c)));
  const response = await app.request(
    "/",
    { headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} },
    { incoming: { socket: { remoteAddress: peer } } },
  );
  return response.text();
}

describe("TRUST_PROXY decides the client address", () => {
  it("unset: a spoofed X-Forwarded-For is ignored", async () => {
    expect(await addressSeen(undefined, "203.0.113.9", "1.1.1.1")).toBe("203.0.113.9");
  });

  it("1 hop: the address the load balancer appended, not what the client claimed", async () => {
    expect(await addressSeen("1", "10.0.0.2", "1.1.1.1, 198.51.100.7")).toBe("198.51.100.7");
  });

  it("a CIDR list: right to left past our proxies", async () => {
    expect(await addressSeen("10.0.0.0/8", "10.0.0.2", "1.1.1.1, 198.51.100.7, 10.3.3.3")).toBe(
      "198.51.100.7",
    );
    // A peer outside the list is the client itself, whatever the header says.
    expect(await addressSeen("10.0.0.0/8", "192.0.2.50", "1.1.1.1")).toBe("192.0.2.50");
  });
});
