import { describe, expect, it } from "vitest";
import { AddressPolicy } from "../../core/outbound/address-policy.ts";
import { parseIpNetworkList } from "../../core/outbound/ip-network.ts";
import { createOutboundGuard } from "../../core/outbound/outbound-guard.ts";

/** The outbound address policy on its own: which connected addresses a tenant-chosen host may have. */
describe("outbound address policy", () => {
  const closed = new AddressPolicy();
  const loopbackOpened = new AddressPolicy(parseIpNetworkList("127.0.0.0/8,::1/128"));

  it("refuses loopback, private, link-local, CGNAT, ULA, multicast, unspecified, broadcast and reserved addresses", () => {
    for (const address of [
      "127.0.0.1",
      "127.255.255.254",
      "::1",
      "0.0.0.0",
      "0.1.2.3",
      "::",
      "10.0.0.1",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "fe80::1",
      "fe80::1%eth0",
      "100.64.0.1",
      "100.127.255.255",
      "fc00::1",
      "fd00::1",
      "fd12:3456::1",
      "224.0.0.1",
      "239.255.255.250",
      "ff02::1",
      "255.255.255.255",
      "240.0.0.1",
      "192.0.2.1",
      "198.51.100.1",
      "203.0.113.1",
      "198.18.0.1",
      "2001:db8::1",
      "100::1",
      "2001:0:4136:e378::1",
    ]) {
      expect(closed.allows(address), address).toBe(false);
    }
  });

  it("refuses the IPv6 forms that embed a refused IPv4 address", () => {
    for (const address of [
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:10.0.0.1",
      "::ffff:a9fe:a9fe", // IPv4-mapped
      "::127.0.0.1",
      "::7f00:1", // IPv4-compatible
      "::ffff:0:7f00:1", // IPv4-translated
      "64:ff9b::7f00:1",
      "64:ff9b::a9fe:a9fe",
      "64:ff9b:1::1", // NAT64
      "2002:7f00:1::1",
      "2002:a00:1::", // 6to4
    ]) {
      expect(closed.allows(address), address).toBe(false);
    }
  });

  it("allows public addresses, also in their embedded IPv6 forms", () => {
    for (const address of [
      "8.8.8.8",
      "1.1.1.1",
      "172.32.0.1",
      "100.128.0.1",
      "2606:4700:4700::1111",
      "::ffff:8.8.8.8",
      "64:ff9b::808:808",
    ]) {
      expect(closed.allows(address), address).toBe(true);
    }
  });

  it("opens exactly the OUTBOUND_ALLOWED_NETWORKS ranges", () => {
    for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) expect(loopbackOpened.allows(address), address).toBe(true);
    for (const address of ["10.0.0.1", "169.254.169.254", "fd00::1", "0.0.0.0", "::"])
      expect(loopbackOpened.allows(address), address).toBe(false);
  });

  it("answers a URL check without any network: scheme, credentials, literal hosts WHATWG URL normalises", () => {
    const guard = createOutboundGuard({ allowedNetworks: [], requireHttps: false });
    for (const url of [
      "http://2130706433/",
      "http://127.1/",
      "http://0x7f.1/",
      "http://[::1]/",
      "http://0.0.0.0/",
      "http://[::ffff:127.0.0.1]/",
      "http://017700000001/",
    ]) {
      expect(guard.urlProblem(url), url).toBe("Destination address not allowed");
    }
    expect(guard.urlProblem("https://hooks.example.com/x")).toBeNull();
    expect(guard.urlProblem("ftp://hooks.example.com/x")).toMatch(/http\(s\)/);
    expect(guard.urlProblem("https://u:p@hooks.example.com/x")).toMatch(/user name or password/);
    const production = createOutboundGuard({ allowedNetworks: parseIpNetworkList("127.0.0.0/8"), requireHttps: true });
    expect(production.urlProblem("http://hooks.example.com/x")).toBe("must be an https URL");
    expect(production.urlProblem("https://hooks.example.com/x")).toBeNull();
    expect(production.urlProblem("http://127.0.0.1:8080/x")).toBeNull(); // a local receiver opened on purpose
  });
});
