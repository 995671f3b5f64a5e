/**
 * Which address a request really comes from, for rate limits and sign-up
 * counting. Behind a load balancer the socket's peer is the balancer, and
 * X-Forwarded-For carries the chain — but anyone can send that header, so
 * only the entries our own proxies appended are believed. The chain is read
 * right to left (each proxy appends the address it saw), skipping the hops we
 * trust; the first address we do not trust is the client. Pure and free of
 * Node built-ins, so the Workers bundle carries it too.
 */

/** `TRUST_PROXY`: nothing (the socket's peer), a number of proxy hops, or the proxies' addresses. */
export type TrustProxy =
  | { kind: "none" }
  | { kind: "hops"; hops: number }
  | { kind: "cidrs"; cidrs: string[] };

type Range = { bits: number; value: bigint; prefix: number };

/** Parses `TRUST_PROXY` ("", "0", "2", or "10.0.0.0/8, 192.168.1.7"); a string is the reason it cannot. */
export function parseTrustProxy(text: string | undefined): TrustProxy | string {
  const value = text?.trim() ?? "";
  if (value === "" || value === "0" || value === "false") return { kind: "none" };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= 20 ? { kind: "hops", hops } : "must be a hop count from 0 to 20";
  }
  const cidrs = value.split(",").map((part) => part.trim());
  const bad = cidrs.find((cidr) => parseRange(cidr) === undefined);
  if (bad !== undefined) {
    return `must be a hop count or a comma-separated list of addresses or CIDRs (cannot read "${bad.slice(0, 60)}")`;
  }
  return { kind: "cidrs", cidrs };
}

/** The client's address from the socket's peer and X-Forwarded-For, trusting what `trust` says. */
export function clientAddress({
  peer,
  forwardedFor,
  trust,
}: {
  peer: string | undefined;
  forwardedFor: string | undefined;
  trust: TrustProxy;
}): string {
  const direct = peer ?? "unknown";
  if (trust.kind === "none") return direct;
  const chain = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const addresses = [...chain, direct];
  if (trust.kind === "hops") return addresses[Math.max(0, addresses.length - 1 - trust.hops)]!;
  const ranges = trust.cidrs.map((cidr) => parseRange(cidr)!);
  for (let i = addresses.length - 1; i > 0; i--) {
    if (!ranges.some((range) => contains(range, addresses[i]!))) return addresses[i]!;
  }
  return addresses[0]!;
}

function contains(range: Range, address: string): boolean {
  const ip = parseIp(address);
  if (!ip || ip.bits !== range.bits) return false;
  const shift = BigInt(range.bits - range.prefix);
  return ip.value >> shift === range.value >> shift;
}

function parseRange(cidr: string): Range | undefined {
  const [address, prefixText, ...rest] = cidr.split("/");
  if (rest.length > 0 || !address) return undefined;
  const ip = parseIp(address);
  if (!ip) return undefined;
  if (prefixText === undefined) return { ...ip, prefix: ip.bits };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > ip.bits) return undefined;
  return { ...ip, prefix: Number(prefixText) };
}

/** An IPv4 or IPv6 address as a number; IPv4-mapped IPv6 (`::ffff:1.2.3.4`) reads as IPv4. */
function parseIp(text: string): { bits: 32 | 128; value: bigint } | undefined {
  const address = text.trim().replace(/^\[|\]$/g, "");
  const v4 = parseIpv4(address);
  if (v4 !== undefined) return { bits: 32, value: v4 };
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) {
    const inner = parseIpv4(mapped[1]!);
    return inner === undefined ? undefined : { bits: 32, value: inner };
  }
  const v6 = parseIpv6(address);
  return v6 === undefined ? undefined : { bits: 128, value: v6 };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) {
    return undefined;
  }
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-f:]+$/i.test(text) || text.split("::").length > 2) return undefined;
  const [head, tail] = text.split("::") as [string, string | undefined];
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(`0x${g}`), 0n);
}
