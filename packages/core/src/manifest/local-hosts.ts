// Hosts a web manifest must not point a download at: the machine itself and its private
// networks, where local-only services (routers, dev servers, metadata endpoints) answer.

/** IPv4 blocks that never leave the machine or the local network (RFC 1122, 1918, 3927, 6598). */
const PRIVATE_V4: readonly [number, number][] = [
  [0x00000000, 8], // 0.0.0.0/8 "this host"
  [0x0a000000, 8], // 10/8
  [0x64400000, 10], // 100.64/10 carrier-grade NAT
  [0x7f000000, 8], // 127/8 loopback
  [0xa9fe0000, 16], // 169.254/16 link-local (cloud metadata)
  [0xac100000, 12], // 172.16/12
  [0xc0a80000, 16], // 192.168/16
];

function v4(host: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (!m) return undefined;
  const bytes = m.slice(1).map(Number);
  if (bytes.some((b) => b > 255)) return undefined;
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

const inV4Block = (ip: number) =>
  PRIVATE_V4.some(([net, bits]) => ip >>> (32 - bits) === net >>> (32 - bits));

/** The 16-bit groups of a bracketed IPv6 literal, as the URL parser wrote it (compressed form). */
function v6Groups(host: string): number[] | undefined {
  if (!host.startsWith("[") || !host.endsWith("]")) return undefined;
  const text = host.slice(1, -1);
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const parse = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  if (tail === undefined) return front.length === 8 ? front : undefined;
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

function privateV6(groups: number[]): boolean {
  const [g0 = 0] = groups;
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7]! <= 1) return true; // ::, ::1
  if ((g0 & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  // ::ffff:a.b.c.d (IPv4-mapped): judged as the IPv4 address.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return inV4Block(((groups[6]! << 16) | groups[7]!) >>> 0);
  return false;
}

/**
 * Whether a URL's host names this machine or a private/link-local network: `localhost` (and
 * `*.localhost`), mDNS `*.local`, and IP literals in those ranges. Host names that merely
 * resolve there are not seen here (no DNS lookup).
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local")) return true;
  const ip = v4(host);
  if (ip !== undefined) return inV4Block(ip);
  const groups = v6Groups(host);
  return groups !== undefined && privateV6(groups);
}

/** A download from `from` may not reach `to` when `from` is on the public web and `to` is local. */
export function reachesLocalFromPublic(to: URL, from: URL): boolean {
  const web = (u: URL) => u.protocol === "https:" || u.protocol === "http:";
  return web(from) && web(to) && !isLocalHost(from.hostname) && isLocalHost(to.hostname);
}
