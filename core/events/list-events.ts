import type { Prisma, PrismaClient } from "../db/prisma.ts";
import type { EventType } from "../../prisma/generated/client.ts";
import { toEventView, type EventView } from "./event-view.ts";

/**
 * Event types a person in Slack does not need in "latest events" (App Home, `/leadrelay events`):
 * notifications are about the bot's own messages ("Slack: test result posted"), not about leads.
 */
export const BUYER_HIDDEN_EVENT_TYPES: readonly EventType[] = ["notification"];

export interface EventFilter {
  flowId?: string;
  leadId?: string;
  outcome?: "success" | "failure" | "error" | "skip";
  type?: "source" | "filter" | "recipient" | "delivery" | "notification" | "destination" | "account";
  /** Types left out (ignored when `type` is given). */
  excludeTypes?: readonly EventType[];
  isTest?: boolean;
  since?: Date;
  until?: Date;
  /** Id of the last event of the previous page. */
  cursor?: string;
  limit: number;
}

/** An account's events, newest first (ids are time-ordered), one page at a time. */
export async function listEvents(
  prisma: PrismaClient,
  accountId: string,
  filter: EventFilter,
): Promise<{ events: EventView[]; nextCursor: string | null }> {
  const where: Prisma.EventWhereInput = {
    accountId,
    flowId: filter.flowId,
    leadId: filter.leadId,
    outcome: filter.outcome,
    type: filter.type ?? (filter.excludeTypes?.length ? { notIn: [...filter.excludeTypes] } : undefined),
    isTest: filter.isTest,
    createdAt: filter.since || filter.until ? { gte: filter.since, lt: filter.until } : undefined,
    id: filter.cursor ? { lt: filter.cursor } : undefined,
  };
  const rows = await prisma.event.findMany({ where, orderBy: { id: "desc" }, take: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  return { events: page.map(toEventView), nextCursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null };
}
