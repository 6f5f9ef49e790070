-- Volume caps per flow source: SourceCap[] (core/caps/source-cap.ts), e.g.
-- [{"period":"day","limit":100,"timezone":"America/Chicago"}]. Counters live in Redis, seeded
-- from the leads table when a window's counter is missing.
ALTER TABLE "sources" ADD COLUMN "caps" JSONB NOT NULL DEFAULT '[]';
