import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../core/config.ts";

describe("config", () => {
  it("runs on local defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/leadrelay",
      REDIS_URL: "redis://127.0.0.1:6379",
      PUBLIC_URL: "http://localhost:3000",
      DELIVERY_RETRY_SCHEDULE: [5, 30, 120, 600, 1800, 3600, 7200],
      HUBSPOT_API_URL: "https://api.hubapi.com",
    });
  });

  it("fails naming every bad variable", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "eighty", REDIS_URL: "not a url", DELIVERY_RETRY_SCHEDULE: "5,soon" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT:/);
    expect(message).toMatch(/REDIS_URL:/);
    expect(message).toMatch(/DELIVERY_RETRY_SCHEDULE: a comma-separated list of seconds/);
  });

  it("refuses to start in production without ENCRYPTION_KEY", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/ENCRYPTION_KEY: required when NODE_ENV=production/);
  });

  it("reads OUTBOUND_ALLOWED_NETWORKS as IPv4 and IPv6 CIDRs (empty by default) and names it when one is bad", () => {
    expect(loadConfig({}).OUTBOUND_ALLOWED_NETWORKS).toEqual([]);
    expect(loadConfig({ OUTBOUND_ALLOWED_NETWORKS: "127.0.0.0/8, ::1/128,10.1.2.3" }).OUTBOUND_ALLOWED_NETWORKS).toEqual([
      { address: "127.0.0.0", prefix: 8, family: "ipv4" },
      { address: "::1", prefix: 128, family: "ipv6" },
      { address: "10.1.2.3", prefix: 32, family: "ipv4" },
    ]);
    for (const bad of ["127.0.0.0/33", "localhost", "10.0.0.0/8/1", "::1/129", "10.0.0.0/x"]) {
      expect(() => loadConfig({ OUTBOUND_ALLOWED_NETWORKS: bad }), bad).toThrow(/OUTBOUND_ALLOWED_NETWORKS: /);
    }
  });

  it("refuses an ENCRYPTION_KEY that is not 32 bytes of base64, naming it (before any database work)", () => {
    expect(() => loadConfig({ ENCRYPTION_KEY: "too-short" })).toThrow(/ENCRYPTION_KEY: key "k1" must be 32 bytes/);
  });

  it("bounds HTTP waits and shutdown by default, and refuses a headers timeout longer than the request timeout", () => {
    expect(loadConfig({})).toMatchObject({ HTTP_HEADERS_TIMEOUT_MS: 10_000, HTTP_REQUEST_TIMEOUT_MS: 30_000, SHUTDOWN_TIMEOUT_MS: 10_000 });
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: "60000", HTTP_REQUEST_TIMEOUT_MS: "30000" })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS: must not be longer/,
    );
  });
});
