import { GroupCommit } from "../db/group-commit.ts";
import { isRowDataError, isUnstorableValueError } from "../db/row-data-error.ts";
import type { SqlPool } from "../db/sql-pool.ts";
import { newId } from "../ids.ts";
import type { LeadRow } from "./lead-row.ts";

/**
 * Group commit for intake. Each lead's write is still atomic and awaited before the seller
 * gets its 201, but leads arriving while earlier writes are in flight share one statement
 * (leads, deliveries and intake events of the whole batch, one implicit transaction). At low
 * traffic a batch is one lead and nothing waits; under load, round trips and commits per lead
 * fall with the batch size (core/db/group-commit.ts). If a batch fails because of a row's data,
 * the batch is split until only the offending lead fails (with UnstorableLeadError when the
 * value can never be stored); if the database itself fails, every lead in the batch gets the error.
 */
const INSERT_BATCH = `
  WITH new_leads AS (
    INSERT INTO leads (id, account_id, flow_id, source_id, status, is_test, reason, fields, raw, invalid, open_deliveries)
    SELECT l.id, l.account_id, l.flow_id, l.source_id,
           (CASE WHEN l.reason IS NULL THEN 'accepted' ELSE 'rejected' END)::"LeadStatus",
           l.is_test, l.reason, l.fields, l.raw, ARRAY(SELECT jsonb_array_elements_text(l.invalid)), l.open_deliveries
    FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::boolean[], $7::jsonb[], $8::jsonb[], $9::jsonb[], $10::integer[])
      AS l(id, account_id, flow_id, source_id, reason, is_test, fields, raw, invalid, open_deliveries)
  ), new_deliveries AS (
    INSERT INTO deliveries (id, lead_id, destination_id)
    SELECT * FROM unnest($11::uuid[], $12::uuid[], $13::uuid[])
  ), new_fingerprints AS (
    INSERT INTO lead_fingerprints (id, flow_id, field, value_hash, lead_id)
    SELECT * FROM unnest($17::uuid[], $18::uuid[], $19::text[], $20::text[], $21::uuid[])
  )
  INSERT INTO events (id, account_id, type, outcome, reason, ms, is_test, lead_id, flow_id, snapshot)
  SELECT e.id, e.account_id, 'source', (CASE WHEN e.reason IS NULL THEN 'success' ELSE 'failure' END)::"Outcome",
         e.reason, e.ms, e.is_test, e.lead_id, e.flow_id, e.snapshot
  FROM unnest($14::uuid[], $2::uuid[], $5::text[], $15::integer[], $6::boolean[], $1::uuid[], $3::uuid[], $16::jsonb[])
    AS e(id, account_id, reason, ms, is_test, lead_id, flow_id, snapshot)`;

export class LeadBatchWriter {
  private readonly batches: GroupCommit<LeadRow, void>;

  constructor(sql: SqlPool, maxConcurrentWrites = 4) {
    this.batches = new GroupCommit<LeadRow, void>(
      async (rows) => {
        await insertBatch(sql, rows);
        return rows.map(() => undefined);
      },
      maxConcurrentWrites,
      undefined,
      isRowDataError,
    );
  }

  /**
   * Resolves once the lead, its deliveries and its intake event are committed. Rejects with
   * UnstorableLeadError when the database refuses this lead's own data; with the database's error otherwise.
   */
  async write(row: LeadRow): Promise<void> {
    try {
      await this.batches.submit(row);
    } catch (error) {
      if (isUnstorableValueError(error)) throw new UnstorableLeadError(error);
      throw error;
    }
  }
}

/** The database refused a value of this lead (and only of this lead): retrying cannot help. */
export class UnstorableLeadError extends Error {
  /** The database's SQLSTATE (its message may quote lead data, so it is not kept). */
  readonly sqlState: string;

  constructor(cause: unknown) {
    super("The database refused a value of the lead");
    this.name = "UnstorableLeadError";
    this.sqlState = String((cause as { code?: unknown }).code);
  }
}

function insertBatch(sql: SqlPool, rows: LeadRow[]): Promise<unknown> {
  const deliveryIds: string[] = [];
  const deliveryLeadIds: string[] = [];
  const destinationIds: string[] = [];
  const fingerprints = {
    ids: [] as string[],
    flowIds: [] as string[],
    fields: [] as string[],
    hashes: [] as string[],
    leadIds: [] as string[],
  };
  for (const row of rows) {
    for (const fingerprint of row.fingerprints) {
      fingerprints.ids.push(newId());
      fingerprints.flowIds.push(row.flowId);
      fingerprints.fields.push(fingerprint.field);
      fingerprints.hashes.push(fingerprint.valueHash);
      fingerprints.leadIds.push(row.leadId);
    }
    row.deliveryIds.forEach((id, i) => {
      deliveryIds.push(id);
      deliveryLeadIds.push(row.leadId);
      destinationIds.push(row.destinationIds[i]!);
    });
  }
  return sql.query({
    name: "intake_insert_batch",
    text: INSERT_BATCH,
    values: [
      rows.map((r) => r.leadId),
      rows.map((r) => r.accountId),
      rows.map((r) => r.flowId),
      rows.map((r) => r.sourceId),
      rows.map((r) => r.rejection),
      rows.map((r) => r.isTest),
      rows.map((r) => JSON.stringify(r.fields)),
      rows.map((r) => JSON.stringify(r.raw)),
      rows.map((r) => JSON.stringify(r.invalid)),
      rows.map((r) => r.deliveryIds.length),
      deliveryIds,
      deliveryLeadIds,
      destinationIds,
      rows.map((r) => r.eventId),
      rows.map((r) => r.ms),
      rows.map((r) => JSON.stringify(r.snapshot)),
      fingerprints.ids,
      fingerprints.flowIds,
      fingerprints.fields,
      fingerprints.hashes,
      fingerprints.leadIds,
    ],
  });
}
