import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustProxy, type TrustProxy } from "./client-address.ts";

const none: TrustProxy = { kind: "none" };

describe("clientAddress", () => {
  it("ignores a spoofed X-Forwarded-For when nothing is trusted", () => {
    expect(clientAddress({ peer: "203.0.113.9", forwardedFor: "1.2.3.4", trust: none })).toBe(
      "203.0.113.9",
    );
  });

  it("with one hop takes the address the proxy appended, not what the client sent", () => {
    const trust = { kind: "hops", hops: 1 } as const;
    // The client forged "1.2.3.4"; the balancer (peer 10.0.0.2) appended the real 198.51.100.7.
    expect(clientAddress({ peer: "10.0.0.2", forwardedFor: "1.2.3.4, 198.51.100.7", trust })).toBe(
      "198.51.100.7",
    );
    expect(clientAddress({ peer: "10.0.0.2", forwardedFor: "198.51.100.7", trust })).toBe(
      "198.51.100.7",
    );
    // No header at all: the peer is all there is.
    expect(clientAddress({ peer: "10.0.0.2", forwardedFor: undefined, trust })).toBe("10.0.0.2");
  });

  it("with two hops skips both proxies", () => {
    const trust = { kind: "hops", hops: 2 } as const;
    expect(
      clientAddress({ peer: "10.0.0.2", forwardedFor: "6.6.6.6, 198.51.100.7, 10.0.0.9", trust }),
    ).toBe("198.51.100.7");
  });

  it("with a CIDR list walks right to left past the trusted proxies", () => {
    const trust = parseTrustProxy("10.0.0.0/8, 2001:db8::/32") as TrustProxy;
    expect(
      clientAddress({ peer: "10.1.2.3", forwardedFor: "6.6.6.6, 198.51.100.7, 10.9.9.9", trust }),
    ).toBe("198.51.100.7");
    expect(
      clientAddress({ peer: "2001:db8::1", forwardedFor: "6.6.6.6, 2001:db8:0:1::5", trust }),
    ).toBe("6.6.6.6");
    // A peer that is not one of our proxies is the client, whatever it claims.
    expect(clientAddress({ peer: "192.0.2.1", forwardedFor: "6.6.6.6", trust })).toBe("192.0.2.1");
    // IPv4 seen through a dual-stack socket.
    expect(clientAddress({ peer: "::ffff:10.0.0.5", forwardedFor: "198.51.100.7", trust })).toBe(
      "198.51.100.7",
    );
  });

  it("parses single addresses, IPv6 and refuses nonsense", () => {
    expect(parseTrustProxy("")).toEqual({ kind: "none" });
    expect(parseTrustProxy("::1, 127.0.0.1")).toEqual({
      kind: "cidrs",
      cidrs: ["::1", "127.0.0.1"],
    });
    expect(typeof parseTrustProxy("10.0.0.0/40")).toBe("string");
    expect(typeof parseTrustProxy("1::2::3")).toBe("string");
    expect(typeof parseTrustProxy("localhost")).toBe("string");
  });
});
