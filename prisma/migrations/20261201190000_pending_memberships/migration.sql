-- Memberships an admin adds are pending until the person confirms with their verified identity
-- (Slack profile email or an emailed single-use link); people asking to join are "requested".
-- Existing memberships stay active.
CREATE TYPE "MembershipStatus" AS ENUM ('active', 'pending', 'requested');

ALTER TABLE "memberships"
  ADD COLUMN "status" "MembershipStatus" NOT NULL DEFAULT 'active',
  ADD COLUMN "confirm_token_hash" TEXT,
  ADD COLUMN "confirm_expires_at" TIMESTAMPTZ(3),
  ADD COLUMN "notified_at" TIMESTAMPTZ(3);

CREATE UNIQUE INDEX "memberships_confirm_token_hash_key" ON "memberships"("confirm_token_hash");

-- Re-inviting a pending email notifies the person at most once a day.
ALTER TABLE "invitations" ADD COLUMN "notified_at" TIMESTAMPTZ(3);
