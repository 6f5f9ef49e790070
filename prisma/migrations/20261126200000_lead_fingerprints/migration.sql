-- For "is not a duplicate" rules: one row per live accepted lead and checked field, holding a
-- hash of the normalised value (never the value itself).
CREATE TABLE "lead_fingerprints" (
    "id" UUID NOT NULL,
    "flow_id" UUID NOT NULL,
    "field" TEXT NOT NULL,
    "value_hash" TEXT NOT NULL,
    "lead_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "lead_fingerprints_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "lead_fingerprints_flow_id_field_value_hash_created_at_idx" ON "lead_fingerprints"("flow_id", "field", "value_hash", "created_at");
ALTER TABLE "lead_fingerprints" ADD CONSTRAINT "lead_fingerprints_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE CASCADE;
