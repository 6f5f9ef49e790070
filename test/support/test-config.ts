import { randomBytes } from "node:crypto";
import { loadConfig, type Config } from "../../core/config.ts";
import { parseIpNetworkList } from "../../core/outbound/ip-network.ts";
import { createOutboundGuard, type OutboundGuard } from "../../core/outbound/outbound-guard.ts";
import { TEST_DATABASE_URL, TEST_KEY_PREFIX, TEST_REDIS_URL } from "./env.ts";

export const TEST_ENCRYPTION_KEY = "test:" + Buffer.alloc(32, 7).toString("base64");

/** IDENTITY_API_KEY for suites that accept invitations over HTTP (pass it to testConfig). */
export const TEST_IDENTITY_API_KEY = "test-identity-provider-key-0123456789";

/**
 * Tests talk to local fakes and receivers on loopback, which the outbound guard refuses by
 * default: suites open loopback on purpose (security suites override it with "").
 */
export const TEST_OUTBOUND_ALLOWED_NETWORKS = "127.0.0.0/8,::1/128";

/** The outbound guard of a service under test (loopback open), for suites that call core directly. */
export function testOutboundGuard(): OutboundGuard {
  return createOutboundGuard({ allowedNetworks: parseIpNetworkList(TEST_OUTBOUND_ALLOWED_NETWORKS), requireHttps: false });
}

/** Config for a service under test: real Postgres and Redis, a private queue prefix, port 0. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_POOL_SIZE: "5",
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `${TEST_KEY_PREFIX}-${randomBytes(4).toString("hex")}`,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    LOG_LEVEL: "silent",
    DELIVERY_RETRY_SCHEDULE: "1,1,1",
    DELIVERY_TIMEOUT_MS: "2000",
    SWEEP_INTERVAL_MS: "200",
    // Suites share one database but not one queue: a sweeper with a short grace would take
    // other suites' pending deliveries into its own queue. Tests of the sweeper shorten it.
    SWEEP_GRACE_MS: "60000",
    OUTBOUND_ALLOWED_NETWORKS: TEST_OUTBOUND_ALLOWED_NETWORKS,
    ...overrides,
  });
}
