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
  eventId: string;
  ms: number;
  snapshot: unknown;
}
