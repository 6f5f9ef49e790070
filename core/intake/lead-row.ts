/** Everything intake stores for one submitted lead (accepted or rejected). */
export interface LeadRow {
  leadId: string;
  accountId: string;
  flowId: string;
  sourceId: string;
  /** Null when accepted; else the fixed rejection reason. */
  rejection: string | null;
  isTest: boolean;
  fields: unknown;
  raw: unknown;
  invalid: string[];
  deliveryIds: string[];
  /** Parallel to deliveryIds. */
  destinationIds: string[];
  /** For the flow's "is not a duplicate" rules; empty for test and rejected leads. */
  fingerprints: { field: string; valueHash: string }[];
  eventId: string;
  ms: number;
  snapshot: unknown;
}
