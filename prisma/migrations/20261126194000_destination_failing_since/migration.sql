-- When a destination's retryable failures began (null while it succeeds): failing for 24 hours
-- marks it unhealthy so its deliveries wait instead of burning retries.
ALTER TABLE "destinations" ADD COLUMN "failing_since" TIMESTAMPTZ(3);
