-- Slack people who presented an invitation's link; the emailed 6-digit code (keyed hash only)
-- lets one whose Slack email differs from the invited address prove they control that inbox.
CREATE TABLE "invitation_claims" (
    "id" UUID NOT NULL,
    "invitation_id" UUID NOT NULL,
    "team_id" TEXT NOT NULL,
    "slack_user_id" TEXT NOT NULL,
    "code_hash" TEXT,
    "code_expires_at" TIMESTAMPTZ(3),
    "failed_tries" INTEGER NOT NULL DEFAULT 0,
    "verified_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invitation_claims_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "invitation_claims_invitation_id_team_id_slack_user_id_key" ON "invitation_claims"("invitation_id", "team_id", "slack_user_id");

ALTER TABLE "invitation_claims" ADD CONSTRAINT "invitation_claims_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "invitations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
