import type { Account, Connection, Source } from "../../prisma/generated/client.ts";
import { storedCaps, type SourceCap } from "../caps/source-cap.ts";
import { submissionDocsUrl } from "../flows/submission-docs.ts";
import { submitUrl } from "./create-source.ts";

/** A flow's source as its buyer sees it: never the posting key, only its hint. */
export interface SourceView {
  id: string;
  flow_id: string;
  name: string;
  enabled: boolean;
  /** Set for an Account Source: the seller account posting through it. */
  seller_account: { id: string; name: string } | null;
  connection: { id: string; status: "active" | "paused" | "ended" } | null;
  /** Volume caps of live leads through this source. */
  caps: SourceCap[];
  posting_key_hint: string;
  submit_url: string;
  docs_url: string;
  created_at: string;
}

export type SourceWithParties = Source & {
  seller: Pick<Account, "id" | "name"> | null;
  connection: Pick<Connection, "id" | "status"> | null;
};

export const SOURCE_PARTIES = {
  seller: { select: { id: true, name: true } },
  connection: { select: { id: true, status: true } },
} as const;

export function toSourceView(source: SourceWithParties, publicUrl: string): SourceView {
  return {
    id: source.id,
    flow_id: source.flowId,
    name: source.name,
    enabled: source.enabled,
    seller_account: source.seller ? { id: source.seller.id, name: source.seller.name } : null,
    connection: source.connection ? { id: source.connection.id, status: source.connection.status } : null,
    caps: storedCaps(source.caps),
    posting_key_hint: source.postingKeyHint,
    submit_url: submitUrl(publicUrl, source.flowId, source.id),
    docs_url: submissionDocsUrl(publicUrl, source.flowId, source.id),
    created_at: source.createdAt.toISOString(),
  };
}
