import { GroupCommit } from "../db/group-commit.ts";
import type { SqlPool } from "../db/sql-pool.ts";
import { loadDeliveries, type DeliveryToAttempt } from "./load-delivery.ts";
import { recordDeliveryAttempts, type DeliveryAttemptRecord } from "./record-delivery-attempts.ts";

/**
 * The worker's two statements, group-committed across the deliveries running at the same time
 * (core/db/group-commit.ts): one query loads every delivery about to be attempted, one records
 * every attempt that just finished.
 */
export class DeliveryStore {
  private readonly loads: GroupCommit<string, DeliveryToAttempt | null>;
  private readonly records: GroupCommit<DeliveryAttemptRecord, boolean>;

  constructor(sql: SqlPool) {
    this.loads = new GroupCommit((ids) => loadDeliveries(sql, ids));
    this.records = new GroupCommit((records) => recordDeliveryAttempts(sql, records));
  }

  load(deliveryId: string): Promise<DeliveryToAttempt | null> {
    return this.loads.submit(deliveryId);
  }

  /** False when the delivery was already final (nothing was written). */
  record(record: DeliveryAttemptRecord): Promise<boolean> {
    return this.records.submit(record);
  }
}
