import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { Agent, buildConnector, type Dispatcher } from "undici";
import { AddressPolicy } from "./address-policy.ts";
import type { IpNetwork } from "./ip-network.ts";

/**
 * The one way to reach a host a tenant or a remote API chose (a webhook URL, a Salesforce My
 * Domain login URL, the `instance_url` a token response names). Its undici dispatcher resolves
 * the name itself, checks EVERY resolved address against the policy and lets the socket connect
 * only to those checked addresses; IP-literal hosts are checked before connecting; the
 * connected socket's remote address is checked again. A refused address fails with
 * "Destination address not allowed" before any TCP connect, so the answer is the same whether
 * or not anything listens there (no port-scanner oracle). Redirects are never followed (the
 * undici request API does not follow them). Keep-alive pools work as usual: the check runs for
 * each new connection, not each request.
 */
export const DESTINATION_NOT_ALLOWED = "Destination address not allowed";

export class DestinationNotAllowedError extends Error {
  readonly code = "ERR_DESTINATION_NOT_ALLOWED";
  constructor() {
    super(DESTINATION_NOT_ALLOWED);
    this.name = "DestinationNotAllowedError";
  }
}

export interface OutboundGuard {
  readonly policy: AddressPolicy;
  readonly dispatcher: Dispatcher;
  /** Checks a URL without touching the network (scheme, credentials, literal address): a reason, or null. */
  urlProblem(url: string): string | null;
}

export interface OutboundGuardOptions {
  /** OUTBOUND_ALLOWED_NETWORKS: ranges opened on purpose. */
  allowedNetworks: IpNetwork[];
  /** `https:` only (NODE_ENV=production), except to an IP address inside `allowedNetworks` (a local receiver). */
  requireHttps: boolean;
  /** Name resolution (tests may substitute it); defaults to the system resolver. */
  lookup?: typeof dnsLookup;
}

type LookupAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export function createOutboundGuard(options: OutboundGuardOptions): OutboundGuard {
  const policy = new AddressPolicy(options.allowedNetworks);
  const lookup = (options.lookup ?? dnsLookup) as unknown as LookupAll;
  const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 64, connect: guardedConnector(policy, lookup) });
  // The answer depends on the URL text and this guard's fixed policy only: each webhook URL is
  // parsed and checked once, not once per delivery (it showed in the worker's profile). Names are
  // still checked where it counts, on every new connection's resolved addresses.
  const answers = new Map<string, string | null>();
  return {
    policy,
    dispatcher,
    urlProblem: (url) => {
      const known = answers.get(url);
      if (known !== undefined) return known;
      const answer = urlProblem(url, policy, options.requireHttps);
      if (answers.size >= 10_000) answers.clear();
      answers.set(url, answer);
      return answer;
    },
  };
}

function urlProblem(url: string, policy: AddressPolicy, requireHttps: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an http(s) URL";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "must be an http(s) URL";
  if (parsed.username || parsed.password) return "must not contain a user name or password (put credentials in a header)";
  // WHATWG URL has already turned 2130706433, 127.1 and 0x7f.1 into 127.0.0.1.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  if (requireHttps && parsed.protocol !== "https:" && !(isIP(host) && policy.opened(host))) return "must be an https URL";
  // Names (localhost included) are checked where it counts: on the addresses they resolve to, at connect.
  if (isIP(host)) return policy.allows(host) ? null : DESTINATION_NOT_ALLOWED;
  return null;
}

function guardedConnector(policy: AddressPolicy, lookup: LookupAll): buildConnector.connector {
  // net.connect calls this instead of dns.lookup: it only ever sees (and connects to) checked addresses.
  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      if (!addresses.length || addresses.some((entry) => !policy.allows(entry.address)))
        return callback(new DestinationNotAllowedError(), "", 0);
      if (lookupOptions.all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  const connect = buildConnector({ lookup: guardedLookup, timeout: 10_000 });
  return (connectOptions, callback) => {
    // IP-literal hosts never go through lookup: check them here, before any connect.
    if (isIP(connectOptions.hostname) && !policy.allows(connectOptions.hostname)) {
      callback(new DestinationNotAllowedError(), null);
      return;
    }
    connect(connectOptions, (error, socket) => {
      if (error) return callback(error, null);
      const remote = socket!.remoteAddress;
      if (!remote || !policy.allows(remote)) {
        socket!.destroy();
        return callback(new DestinationNotAllowedError(), null);
      }
      return callback(null, socket!);
    });
  };
}
