import { storedCaps, type SourceCap } from "../caps/source-cap.ts";
import type { PrismaClient } from "../db/prisma.ts";
import { leadRulesSchema, flowFieldsSchema, type LeadRule, type FlowField } from "../flows/flow-config.ts";
import { isId } from "../ids.ts";
import { isReservedSegment, splitFieldName } from "../leads/submission-fields.ts";

/** Everything intake needs to know about a (flow, source) pair, read once and cached briefly. */
export interface SourceContext {
  flowId: string;
  sourceId: string;
  accountId: string;
  postingKeyHash: string;
  flowEnabled: boolean;
  sourceEnabled: boolean;
  connectionStatus: "active" | "paused" | "ended" | null;
  fields: FlowField[];
  rules: LeadRule[];
  destinationIds: string[];
  /** The source's volume caps (empty: none, and intake does no cap work). */
  caps: SourceCap[];
}

/**
 * A cache of source contexts: intake at 1,000 leads/s must not re-read the flow for each lead.
 * An edit (a new rule, a paused connection) drops the flow's entries in every process at once
 * (`invalidateFlows`, driven by SourceContextChanges); `ttlMs` (SOURCE_CACHE_TTL_MS) only bounds
 * how long a missed invalidation could leave an entry stale.
 */
export class SourceContextCache {
  private readonly entries = new Map<string, { value: SourceContext; expires: number }>();
  private readonly loading = new Map<string, Promise<SourceContext | null>>();
  /** Bumped by every invalidation: a load that raced one may hold the old rows and is not kept. */
  private generation = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly ttlMs = 2_000,
  ) {}

  async get(flowId: string, sourceId: string): Promise<SourceContext | null> {
    if (!isId(flowId) || !isId(sourceId)) return null;
    const key = `${flowId}:${sourceId}`;
    const cached = this.entries.get(key);
    if (cached && cached.expires > Date.now()) return cached.value;
    // One read per source at a time: when an entry expires under load, every request that arrives
    // meanwhile waits for the same read (not one Prisma query each, as the intake profile showed).
    return this.loading.get(key) ?? this.load(key, flowId, sourceId);
  }

  /**
   * Reads the source again: a posting key that does not match the cached one may be a freshly
   * rotated key, which should work at once. (A wrong key costs one primary-key read, as it
   * would without the cache.)
   */
  async refresh(flowId: string, sourceId: string): Promise<SourceContext | null> {
    return this.load(`${flowId}:${sourceId}`, flowId, sourceId);
  }

  private load(key: string, flowId: string, sourceId: string): Promise<SourceContext | null> {
    const generation = this.generation;
    const loading = loadSourceContext(this.prisma, flowId, sourceId)
      .then((value) => {
        if (generation !== this.generation) return value; // raced an invalidation: may hold the old rows
        if (value) {
          if (this.entries.size > 10_000) this.entries.clear();
          this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
        } else {
          this.entries.delete(key);
        }
        return value;
      })
      .finally(() => {
        if (this.loading.get(key) === loading) this.loading.delete(key);
      });
    this.loading.set(key, loading);
    return loading;
  }

  /** Drops every entry (a Redis reconnect: invalidations may have been missed meanwhile). */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.loading.clear();
  }

  /** Drops the entries of these flows' sources; the next lead of each reads the database. */
  invalidateFlows(flowIds: readonly string[]): void {
    if (!flowIds.length) return;
    this.generation++;
    const prefixes = flowIds.map((flowId) => `${flowId}:`);
    for (const map of [this.entries, this.loading]) {
      for (const key of map.keys()) {
        if (prefixes.some((prefix) => key.startsWith(prefix))) map.delete(key);
      }
    }
  }
}

async function loadSourceContext(prisma: PrismaClient, flowId: string, sourceId: string): Promise<SourceContext | null> {
  const source = await prisma.source.findFirst({
    where: { id: sourceId, flowId },
    include: {
      connection: { select: { status: true } },
      flow: { include: { steps: { where: { enabled: true }, orderBy: { position: "asc" }, select: { destinationId: true } } } },
    },
  });
  if (!source) return null;
  return {
    flowId,
    sourceId,
    accountId: source.flow.accountId,
    postingKeyHash: source.postingKeyHash,
    flowEnabled: source.flow.enabled,
    sourceEnabled: source.enabled,
    connectionStatus: source.connection?.status ?? null,
    fields: storedFlowFields(source.flow.fields),
    rules: leadRulesSchema.parse(withoutReservedNames(source.flow.rules, "field")),
    destinationIds: source.flow.steps.map((step) => step.destinationId),
    caps: storedCaps(source.caps),
  };
}

/** A flow's stored custom field definitions, as intake types a lead's fields with them. */
export function storedFlowFields(fields: unknown): FlowField[] {
  return flowFieldsSchema.parse(withoutReservedNames(fields, "name"));
}

/**
 * A flow saved before a name segment became reserved ("toString", "valueOf", …: such fields are
 * never stored) must keep taking leads rather than fail to load: its fields and rules naming one
 * are left out.
 */
function withoutReservedNames(list: unknown, key: "name" | "field"): unknown {
  if (!Array.isArray(list)) return list;
  return list.filter((entry: unknown) => {
    const name = typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>)[key] : undefined;
    return typeof name !== "string" || !splitFieldName(name).some(isReservedSegment);
  });
}
