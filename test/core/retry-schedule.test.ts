import { describe, expect, it } from "vitest";
import { maxDeliveryAttempts, parseRetryAfter, retryDelayMs } from "../../core/deliveries/retry-schedule.ts";

const SCHEDULE = [5, 30, 120, 600, 1800, 3600, 7200];

describe("retry schedule", () => {
  it("makes 8 attempts: now, then 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h", () => {
    expect(maxDeliveryAttempts(SCHEDULE)).toBe(8);
    const noJitter = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs(attempt, SCHEDULE, undefined, noJitter))).toEqual(
      SCHEDULE.map((s) => s * 1000),
    );
  });

  it("jitters by at most 20 % either way", () => {
    expect(retryDelayMs(2, SCHEDULE, undefined, () => 0)).toBe(24_000);
    expect(retryDelayMs(2, SCHEDULE, undefined, () => 1)).toBe(36_000);
  });

  it("waits at least as long as the destination's Retry-After", () => {
    expect(retryDelayMs(1, SCHEDULE, 60_000, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(3, SCHEDULE, 1_000, () => 0.5)).toBe(120_000);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("120")).toBe(120_000);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 1)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(60_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
