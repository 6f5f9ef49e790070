import { BlockList, isIP } from "node:net";
import { ipv6Bytes, parseIpNetwork, type IpNetwork } from "./ip-network.ts";

/**
 * Which IP addresses an outbound request to a tenant-chosen host may connect to: anything
 * public. Refused: loopback, private, link-local, CGNAT, ULA, multicast, unspecified,
 * broadcast, reserved and documentation ranges, and the IPv6 forms that embed an IPv4 address
 * (IPv4-mapped, IPv4-compatible, NAT64, 6to4) of any of those. OUTBOUND_ALLOWED_NETWORKS opens
 * ranges on purpose (it wins over the refused list, also for the embedded IPv4 forms).
 */
const REFUSED_IPV4 = [
  "0.0.0.0/8", // "this network", unspecified
  "10.0.0.0/8", // private
  "100.64.0.0/10", // CGNAT
  "127.0.0.0/8", // loopback
  "169.254.0.0/16", // link-local (cloud metadata)
  "172.16.0.0/12", // private
  "192.0.0.0/24", // IETF protocol assignments
  "192.0.2.0/24", // documentation
  "192.88.99.0/24", // 6to4 relay anycast
  "192.168.0.0/16", // private
  "198.18.0.0/15", // benchmarking
  "198.51.100.0/24", // documentation
  "203.0.113.0/24", // documentation
  "224.0.0.0/4", // multicast
  "240.0.0.0/4", // reserved, broadcast
];

const REFUSED_IPV6 = [
  "::/128", // unspecified
  "::1/128", // loopback
  "64:ff9b:1::/48", // local-use NAT64
  "100::/64", // discard
  "2001::/32", // Teredo (hides an IPv4 address)
  "2001:db8::/32", // documentation
  "3fff::/20", // documentation
  "fc00::/7", // unique local
  "fe80::/10", // link-local
  "fec0::/10", // site-local (deprecated)
  "ff00::/8", // multicast
];

export class AddressPolicy {
  private readonly refused = new BlockList();
  private readonly allowed = new BlockList();

  constructor(readonly allowedNetworks: IpNetwork[] = []) {
    for (const network of [...REFUSED_IPV4, ...REFUSED_IPV6].map(parseIpNetwork))
      this.refused.addSubnet(network.address, network.prefix, network.family);
    for (const network of allowedNetworks) this.allowed.addSubnet(network.address, network.prefix, network.family);
  }

  /** True when OUTBOUND_ALLOWED_NETWORKS names this address (it was opened on purpose). */
  opened(address: string): boolean {
    const plain = address.replace(/%.*$/, "");
    const version = isIP(plain);
    if (version === 4) return this.allowed.check(plain, "ipv4");
    if (version !== 6) return false;
    if (this.allowed.check(plain, "ipv6")) return true;
    const embedded = embeddedIpv4(plain);
    return embedded !== null && this.opened(embedded);
  }

  /** True when a request may connect to this IP address; false for anything that is not an IP address. */
  allows(address: string): boolean {
    const plain = address.replace(/%.*$/, "");
    const version = isIP(plain);
    if (version === 4) return this.allowed.check(plain, "ipv4") || !this.refused.check(plain, "ipv4");
    if (version !== 6) return false;
    if (this.allowed.check(plain, "ipv6")) return true;
    const embedded = embeddedIpv4(plain);
    if (embedded !== null) return this.allows(embedded);
    return !this.refused.check(plain, "ipv6");
  }
}

/** The IPv4 address inside an IPv4-mapped (::ffff:0:0/96), IPv4-translated (::ffff:0:0:0/96), IPv4-compatible (::/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
export function embeddedIpv4(address: string): string | null {
  const bytes = ipv6Bytes(address);
  if (!bytes) return null;
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const v4 = (offset: number) => [...bytes.slice(offset, offset + 4)].join(".");
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4(12);
  if (zero(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zero(10, 12)) return v4(12); // IPv4-translated (SIIT)
  if (zero(0, 12)) return v4(12);
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zero(4, 12)) return v4(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4(2);
  return null;
}
