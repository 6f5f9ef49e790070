import type { Connection } from "../../prisma/generated/client.ts";
import { submissionDocsUrl } from "../flows/submission-docs.ts";
import { submitUrl } from "../sources/create-source.ts";

/** A connection as one of its two accounts sees it (`role` says which side that is). */
export interface ConnectionView {
  id: string;
  status: "active" | "paused" | "ended";
  role: "seller" | "buyer";
  seller_account: { id: string; name: string };
  buyer_account: { id: string; name: string };
  invitation_id: string | null;
  /** The buyer's flow the seller posts into, and the seller's Account Source in it. */
  flow_id: string | null;
  source_id: string | null;
  /** Where the seller posts leads; the posting key itself comes from POST /connections/{id}/posting-key. */
  submit_url: string | null;
  docs_url: string | null;
  posting_key_hint: string | null;
  created_at: string;
  updated_at: string;
}

export const CONNECTION_PARTIES = {
  seller: { select: { id: true, name: true } },
  buyer: { select: { id: true, name: true } },
  source: { select: { postingKeyHint: true } },
} as const;

export type ConnectionWithParties = Connection & {
  seller: { id: string; name: string };
  buyer: { id: string; name: string };
  source: { postingKeyHint: string } | null;
};

export function toConnectionView(connection: ConnectionWithParties, viewerAccountId: string, publicUrl: string): ConnectionView {
  const posting = connection.flowId && connection.sourceId ? { flowId: connection.flowId, sourceId: connection.sourceId } : null;
  return {
    id: connection.id,
    status: connection.status,
    role: connection.sellerAccountId === viewerAccountId ? "seller" : "buyer",
    seller_account: { id: connection.seller.id, name: connection.seller.name },
    buyer_account: { id: connection.buyer.id, name: connection.buyer.name },
    invitation_id: connection.invitationId,
    flow_id: connection.flowId,
    source_id: connection.sourceId,
    submit_url: posting ? submitUrl(publicUrl, posting.flowId, posting.sourceId) : null,
    docs_url: posting ? submissionDocsUrl(publicUrl, posting.flowId, posting.sourceId) : null,
    posting_key_hint: connection.source?.postingKeyHint ?? null,
    created_at: connection.createdAt.toISOString(),
    updated_at: connection.updatedAt.toISOString(),
  };
}
