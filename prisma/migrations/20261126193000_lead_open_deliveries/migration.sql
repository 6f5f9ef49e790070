-- How many of a lead's deliveries are not final yet. Each final delivery decrements it in the
-- same UPDATE that settles the lead's status, so concurrent finals for one lead cannot race.
ALTER TABLE "leads" ADD COLUMN "open_deliveries" INTEGER NOT NULL DEFAULT 0;
