import type { Prisma } from "../db/prisma.ts";
import { isId } from "../ids.ts";
import { notFound } from "../refusal.ts";
import { CONNECTION_PARTIES } from "./connection-view.ts";

/** Locks a connection the account is a party to (seller or buyer) until the transaction ends; 404 otherwise. */
export async function lockConnection(tx: Prisma.TransactionClient, accountId: string, connectionId: string) {
  const locked = isId(connectionId)
    ? await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM connections
         WHERE id = ${connectionId}::uuid AND (seller_account_id = ${accountId}::uuid OR buyer_account_id = ${accountId}::uuid)
         FOR UPDATE`
    : [];
  if (!locked[0]) throw notFound("connection");
  return tx.connection.findUniqueOrThrow({ where: { id: connectionId }, include: CONNECTION_PARTIES });
}
