import { isIP } from "node:net";

/**
 * An IP network in CIDR notation (`10.0.0.0/8`, `::1/128`); a bare address is a /32 or /128.
 * Used for OUTBOUND_ALLOWED_NETWORKS and the built-in list of refused ranges.
 */
export interface IpNetwork {
  address: string;
  prefix: number;
  family: "ipv4" | "ipv6";
}

export function parseIpNetwork(text: string): IpNetwork {
  const [address = "", prefixText, extra] = text.trim().split("/");
  const version = isIP(address);
  if (extra !== undefined || version === 0) throw new Error(`"${text.trim()}" is not a CIDR network (e.g. 127.0.0.0/8 or ::1/128)`);
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) throw new Error(`"${text.trim()}" has a bad prefix length (0–${max})`);
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** A comma-separated list of CIDR networks; empty text is an empty list. Throws naming the bad entry. */
export function parseIpNetworkList(text: string): IpNetwork[] {
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map(parseIpNetwork);
}

/** The 16 bytes of an IPv6 address (with an optional zone id and a trailing dotted IPv4 part). */
export function ipv6Bytes(address: string): Uint8Array | null {
  const text = address.replace(/%.*$/, "");
  if (isIP(text) !== 6) return null;
  let head = text;
  const tailBytes: number[] = [];
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tailBytes.push(...dotted[1]!.split(".").map(Number));
    head = `${text.slice(0, dotted.index)}:${"0:0"}`;
  }
  const [left = "", right] = head.split("::");
  const leftGroups = left ? left.split(":") : [];
  const rightGroups = right === undefined ? [] : right ? right.split(":") : [];
  const missing = 8 - leftGroups.length - rightGroups.length;
  const groups = [...leftGroups, ...Array<string>(right === undefined ? 0 : missing).fill("0"), ...rightGroups];
  if (groups.length !== 8) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    const value = parseInt(group, 16);
    bytes[index * 2] = value >> 8;
    bytes[index * 2 + 1] = value & 0xff;
  });
  if (tailBytes.length) bytes.set(tailBytes, 12);
  return bytes;
}
