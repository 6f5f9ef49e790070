-- Replay (issue 11): re-sending failed leads, and leads that arrived before a destination was attached.
CREATE TABLE "replays" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "destination_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "queue_prefix" TEXT NOT NULL DEFAULT 'leadrelay',
    "delivery_ids" UUID[],
    "slack_team_id" TEXT,
    "slack_channel_id" TEXT,
    "slack_thread_ts" TEXT,
    "reported_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "replays_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "replays_destination_id_idx" ON "replays"("destination_id");
CREATE INDEX "replays_account_id_idx" ON "replays"("account_id");
CREATE INDEX "replays_reported_at_idx" ON "replays"("reported_at");
ALTER TABLE "replays" ADD CONSTRAINT "replays_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "replays" ADD CONSTRAINT "replays_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "destinations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The replay that last asked for a delivery again: its attempts are recorded with `replay: true`.
ALTER TABLE "deliveries" ADD COLUMN "replay_id" UUID;
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_replay_id_fkey" FOREIGN KEY ("replay_id") REFERENCES "replays"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- The feeder looks for replayed deliveries that are due (a partial index: only replayed pending rows).
CREATE INDEX "deliveries_replay_due_idx" ON "deliveries"("next_attempt_at") WHERE "replay_id" IS NOT NULL AND "status" = 'pending';
