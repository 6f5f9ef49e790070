import type { PrismaClient } from "../core/db/prisma.ts";

export interface ServiceHealth {
  /** ok: everything reachable; degraded: a dependency is lost (see the fields and `reason`). */
  status: "ok" | "degraded";
  database: "up" | "down";
  queue: "up" | "down";
  reason?: string;
}

/**
 * What /health says. PostgreSQL down: leads cannot be stored (503). Redis down: leads are still
 * accepted and stored, deliveries wait until it is back (200, degraded).
 */
export async function serviceHealth(prisma: PrismaClient, queueReady: () => boolean): Promise<ServiceHealth> {
  const database = await prisma.$queryRaw`SELECT 1`.then(
    () => "up" as const,
    () => "down" as const,
  );
  const queue = queueReady() ? ("up" as const) : ("down" as const);
  const reasons = [
    ...(database === "down" ? ["PostgreSQL unreachable (DATABASE_URL): leads cannot be stored"] : []),
    ...(queue === "down" ? ["Redis unreachable (REDIS_URL): leads are accepted, deliveries wait until it is back"] : []),
  ];
  return { status: reasons.length ? "degraded" : "ok", database, queue, ...(reasons.length ? { reason: reasons.join("; ") } : {}) };
}
