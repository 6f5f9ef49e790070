-- Slack: workspace installations, who a Slack user is, where onboarding threads live, and
-- which channels get delivery alerts.
CREATE TYPE "AlertLevel" AS ENUM ('all', 'failures');
CREATE TYPE "SubscriptionStatus" AS ENUM ('active', 'paused');

CREATE TABLE "slack_installations" (
    "id" UUID NOT NULL,
    "team_id" TEXT NOT NULL,
    "enterprise_id" TEXT,
    "team_name" TEXT,
    "bot_user_id" TEXT,
    "bot_token" TEXT NOT NULL,
    "installation" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "slack_installations_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "slack_installations_team_id_key" ON "slack_installations"("team_id");

CREATE TABLE "slack_identities" (
    "id" UUID NOT NULL,
    "team_id" TEXT NOT NULL,
    "slack_user_id" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "slack_identities_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "slack_identities_team_id_slack_user_id_key" ON "slack_identities"("team_id", "slack_user_id");
CREATE INDEX "slack_identities_user_id_idx" ON "slack_identities"("user_id");
ALTER TABLE "slack_identities" ADD CONSTRAINT "slack_identities_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "slack_threads" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "destination_id" UUID,
    "team_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "thread_ts" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "slack_threads_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "slack_threads_account_id_idx" ON "slack_threads"("account_id");
CREATE INDEX "slack_threads_destination_id_idx" ON "slack_threads"("destination_id");
ALTER TABLE "slack_threads" ADD CONSTRAINT "slack_threads_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "alert_subscriptions" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "team_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "level" "AlertLevel" NOT NULL DEFAULT 'failures',
    "status" "SubscriptionStatus" NOT NULL DEFAULT 'active',
    "paused_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "alert_subscriptions_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "alert_subscriptions_account_id_team_id_channel_id_key" ON "alert_subscriptions"("account_id", "team_id", "channel_id");
ALTER TABLE "alert_subscriptions" ADD CONSTRAINT "alert_subscriptions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
