import type { PrismaClient } from "../db/prisma.ts";
import { submissionDocsUrl } from "../flows/submission-docs.ts";
import { Refusal } from "../refusal.ts";
import type { SourceContextChanges } from "../intake/source-context-changes.ts";
import { submitUrl } from "../sources/create-source.ts";
import { rotatePostingKey } from "../sources/rotate-posting-key.ts";
import { CONNECTION_PARTIES, toConnectionView, type ConnectionView } from "./connection-view.ts";
import { lockConnection } from "./lock-connection.ts";

/** The new key, shown once, with where it is used (the same URLs as the connection's view, never missing here). */
export interface IssuedPostingKey {
  connection: ConnectionView;
  postingKey: string;
  submitUrl: string;
  docsUrl: string;
}

/**
 * The seller's way to get the posting key of its Account Source in the buyer's flow: issues a
 * new key, returned once (the previous one stops working). Accepting an invitation creates the
 * source with a key nobody sees, so the buyer never holds the seller's key; the seller calls this
 * once after the connection appears, and again whenever it wants to rotate. The old key is
 * refused from the next lead, in every process (`changes` is told once the transaction commits).
 */
export async function issueConnectionPostingKey(
  prisma: PrismaClient,
  accountId: string,
  connectionId: string,
  publicUrl: string,
  changes: SourceContextChanges,
): Promise<IssuedPostingKey> {
  const issued = await prisma.$transaction(async (tx) => {
    const connection = await lockConnection(tx, accountId, connectionId);
    if (connection.sellerAccountId !== accountId) {
      throw new Refusal("forbidden", "seller_only", "Only the seller of a connection gets its posting key");
    }
    if (connection.status === "ended") {
      throw new Refusal(
        "conflict",
        "connection_ended",
        "This connection has ended: leads posted to it are rejected, so it has no posting key",
      );
    }
    // A source lives in its flow (deleting the flow deletes the source), so a connection with a
    // source has its flow too; both are checked so the URLs below are never missing.
    if (!connection.sourceId || !connection.flowId) {
      throw new Refusal("conflict", "source_missing", "The buyer removed this connection's source: ask them to accept a new invitation");
    }
    const { postingKey } = await rotatePostingKey(tx, connection.sourceId);
    const updated = await tx.connection.findUniqueOrThrow({ where: { id: connection.id }, include: CONNECTION_PARTIES });
    return {
      connection: toConnectionView(updated, accountId, publicUrl),
      postingKey,
      submitUrl: submitUrl(publicUrl, connection.flowId, connection.sourceId),
      docsUrl: submissionDocsUrl(publicUrl, connection.flowId, connection.sourceId),
      flowId: connection.flowId,
    };
  });
  await changes.changed([issued.flowId]);
  return { connection: issued.connection, postingKey: issued.postingKey, submitUrl: issued.submitUrl, docsUrl: issued.docsUrl };
}
