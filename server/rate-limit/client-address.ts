import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import { isIPv4, isIPv6 } from "node:net";

/**
 * The address a request came from, as rate limits count it: the socket's remote address, or,
 * with TRUST_PROXY=true (only behind a reverse proxy that sets it), the LAST entry of
 * `X-Forwarded-For`, the one the proxy appended (earlier entries are whatever the client sent).
 * IPv4-mapped IPv6 is written as IPv4; IPv6 is counted per /64, the block one host usually has.
 */
export function clientAddress(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req
      .header("x-forwarded-for")
      ?.split(",")
      .map((part) => part.trim())
      .filter(Boolean)
      .at(-1);
    const address = forwarded ? normaliseAddress(forwarded) : null;
    if (address) return address;
  }
  try {
    const remote = getConnInfo(c).remote.address;
    return remote ? normaliseAddress(remote) : null;
  } catch {
    return null;
  }
}

export function normaliseAddress(raw: string): string | null {
  const address = raw.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return null;
  return `${ipv6Groups(address).slice(0, 4).join(":")}::/64`;
}

function ipv6Groups(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill("0"), ...tailGroups];
  return groups.map((group) => group.toLowerCase().replace(/^0+(?=.)/, ""));
}
