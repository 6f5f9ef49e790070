import { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import type { PrismaClient } from "../core/db/prisma.ts";
import type { IntakeDeps } from "../core/intake/submit-lead.ts";
import type { Logger } from "../core/logger.ts";
import { accountAuth } from "./account-auth.ts";
import { errorBody } from "./error-body.ts";
import { eventRoutes } from "./events/event-routes.ts";
import { leadRoutes } from "./leads/lead-routes.ts";
import { submitRoutes } from "./submit/submit-routes.ts";

export interface AppDeps {
  prisma: PrismaClient;
  intake: IntakeDeps;
  logger: Logger;
  /** Reports whether the queue's Redis is reachable, for /health. */
  queueReady: () => boolean;
}

/** Builds the HTTP app: intake, management API, OpenAPI document and reference page. */
export function createApp(deps: AppDeps): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        return c.json(errorBody("invalid_request", "The request is not valid", result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }))), 400);
      }
    },
  });

  app.get("/health", async (c) => {
    const database = await deps.prisma.$queryRaw`SELECT 1`.then(() => "up", () => "down");
    const queue = deps.queueReady() ? "up" : "down";
    return c.json({ status: database === "up" ? "ok" : "degraded", database, queue }, database === "up" ? 200 : 503);
  });

  app.route("/", submitRoutes(deps.intake));

  const auth = accountAuth(deps.prisma);
  app.use("/leads/*", auth);
  app.use("/events", auth);
  app.route("/", leadRoutes(deps.prisma));
  app.route("/", eventRoutes(deps.prisma));

  app.openAPIRegistry.registerComponent("securitySchemes", "accountKey", { type: "http", scheme: "bearer", description: "An account API key (lr_acct_…)" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "leadrelay API", version: "1", description: "Lead intake (LeadConduit-compatible) and the account management API." },
  });
  app.get("/docs", Scalar({ url: "/openapi.json", pageTitle: "leadrelay API" }));

  app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => {
    deps.logger.error({ err: error, path: c.req.path }, "unhandled error");
    return c.json(errorBody("internal", "Internal error"), 500);
  });
  return app;
}
