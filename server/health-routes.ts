import { createRoute, z } from "@hono/zod-openapi";
import type { PrismaClient } from "../core/db/prisma.ts";
import { createRouter, publicAccess } from "./create-router.ts";
import { serviceHealth } from "./service-health.ts";

const healthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]).openapi({ description: "`degraded`: a dependency is lost (see the other fields and `reason`)" }),
    database: z.enum(["up", "down"]),
    queue: z.enum(["up", "down"]),
    reason: z.string().optional(),
  })
  .openapi("Health");

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["Service"],
  summary: "Whether this instance can take leads",
  description:
    "PostgreSQL down: 503 (leads cannot be stored: take the instance out of rotation). Redis down: still 200 `degraded` (leads are accepted, deliveries wait until it is back).",
  responses: {
    200: {
      description: "Leads are accepted",
      content: {
        "application/json": {
          schema: healthSchema,
          examples: {
            ok: { summary: "Everything reachable", value: { status: "ok", database: "up", queue: "up" } },
            redisDown: {
              summary: "Redis down",
              value: {
                status: "degraded",
                database: "up",
                queue: "down",
                reason: "Redis unreachable (REDIS_URL): leads are accepted, deliveries wait until it is back",
              },
            },
          },
        },
      },
    },
    503: {
      description: "PostgreSQL unreachable: leads cannot be stored",
      content: {
        "application/json": {
          schema: healthSchema,
          example: {
            status: "degraded",
            database: "down",
            queue: "up",
            reason: "PostgreSQL unreachable (DATABASE_URL): leads cannot be stored",
          },
        },
      },
    },
  },
});

/** `GET /health` for load balancers and people: see `serviceHealth`. */
export function healthRoutes(prisma: PrismaClient, queueReady: () => boolean) {
  return createRouter(publicAccess).openapi(healthRoute, async (c) => {
    const health = await serviceHealth(prisma, queueReady);
    return health.database === "up" ? c.json(health, 200) : c.json(health, 503);
  });
}
