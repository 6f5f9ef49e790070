import type { PrismaClient } from "../db/prisma.ts";
import { recordAccountEvent } from "../events/record-account-event.ts";
import { Refusal } from "../refusal.ts";
import type { SourceContextChanges } from "../intake/source-context-changes.ts";
import { CONNECTION_PARTIES, toConnectionView, type ConnectionView } from "./connection-view.ts";
import { lockConnection } from "./lock-connection.ts";

export type ConnectionAction = "pause" | "resume" | "end";

const TARGET: Record<ConnectionAction, "active" | "paused" | "ended"> = { pause: "paused", resume: "active", end: "ended" };
const REASON: Record<ConnectionAction, string> = { pause: "Connection paused", resume: "Connection resumed", end: "Connection ended" };

/**
 * Pauses, resumes or ends a connection; either side may. Repeating an action is a no-op; an
 * ended connection stays ended (accept a new invitation to reconnect). While paused or ended the
 * seller's leads are rejected ("Connection paused" / "Connection ended"). Both accounts get an
 * `account` event naming who did it, for the Slack bot to relay. Intake applies it from the
 * next lead, in every process (`changes` is told once the transaction commits).
 */
export async function changeConnectionStatus(
  prisma: PrismaClient,
  accountId: string,
  connectionId: string,
  action: ConnectionAction,
  publicUrl: string,
  changes: SourceContextChanges,
): Promise<ConnectionView> {
  const { view, changedFlowId } = await prisma.$transaction(async (tx) => {
    const connection = await lockConnection(tx, accountId, connectionId);
    const target = TARGET[action];
    if (connection.status === target) return { view: toConnectionView(connection, accountId, publicUrl), changedFlowId: null };
    if (connection.status === "ended") {
      throw new Refusal(
        "conflict",
        "connection_ended",
        "This connection has ended and cannot be paused or resumed: the seller can send a new invitation",
      );
    }
    const updated = await tx.connection.update({ where: { id: connection.id }, data: { status: target }, include: CONNECTION_PARTIES });
    const actor = connection.sellerAccountId === accountId ? connection.seller : connection.buyer;
    const snapshot = {
      connection_id: connection.id,
      status: target,
      changed_by_account: { id: actor.id, name: actor.name },
      seller_account: { id: connection.seller.id, name: connection.seller.name },
      buyer_account: { id: connection.buyer.id, name: connection.buyer.name },
    };
    await recordAccountEvent(tx, { accountId: connection.sellerAccountId, outcome: "success", reason: REASON[action], snapshot });
    await recordAccountEvent(tx, {
      accountId: connection.buyerAccountId,
      outcome: "success",
      reason: REASON[action],
      flowId: connection.flowId,
      snapshot,
    });
    return { view: toConnectionView(updated, accountId, publicUrl), changedFlowId: connection.flowId };
  });
  if (changedFlowId) await changes.changed([changedFlowId]);
  return view;
}
