import { TextDecoder } from "node:util";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { submitLead, type IntakeDeps, type IntakeErrorCode } from "../../core/intake/submit-lead.ts";
import type { EventView } from "../../core/events/event-view.ts";
import { flattenSubmission } from "../../core/leads/submission-fields.ts";
import { bearerToken } from "../account-auth.ts";
import { leadResponse } from "./lead-response.ts";
import { readSubmissionBody } from "./read-submission-body.ts";
import { parseUrlencodedForm } from "./urlencoded-form.ts";
import { headNotAllowed } from "../head-not-allowed.ts";

const MAX_BODY_BYTES = 1024 * 1024;
const UTF8 = new TextDecoder("utf-8");

/** The query string's fields, percent-decoded as UTF-8 the same way as a form body (bytes that are not UTF-8 become U+FFFD). */
function queryFields(url: string): Map<string, string[]> {
  const start = url.indexOf("?");
  if (start === -1) return new Map();
  const end = url.indexOf("#", start);
  return parseUrlencodedForm(Buffer.from(url.slice(start + 1, end === -1 ? undefined : end), "utf8"), UTF8);
}

const ERROR_STATUS: Record<IntakeErrorCode, 401 | 404 | 422 | 429 | 503> = {
  not_found: 404,
  unauthorized: 401,
  rate_limited: 429,
  unstorable: 422,
  unavailable: 503,
};

export interface DeliveryWait {
  /** Upper bound for `?wait=` (INTAKE_MAX_WAIT_SECONDS). */
  maxSeconds: number;
  /** The first attempt's event of a delivery, or null when it has not happened within `ms`. */
  firstAttempt(deliveryId: string, ms: number): Promise<EventView | null>;
}

/**
 * `POST|GET /flows/:flowId/sources/:sourceId/submit`: the LeadConduit-compatible lead intake.
 * `?wait=N` (seconds, bounded) holds the response until each delivery's first attempt is
 * known and adds them as `deliveries`; without it delivery is asynchronous.
 */
export function submitRoutes(deps: IntakeDeps, wait: DeliveryWait): Hono {
  const app = new Hono();
  const path = "/flows/:flowId/sources/:sourceId/submit";

  const handle = async (c: Context, body: Record<string, unknown>) => {
    const query = queryFields(c.req.url);
    const waitParam = query.get("wait");
    query.delete("wait");
    const waitSeconds = Math.min(Math.max(Number(waitParam?.at(-1) ?? 0) || 0, 0), wait.maxSeconds);
    const flat = flattenSubmission(body, Object.fromEntries(query));
    if (!flat.ok) return leadResponse(c, 400, { outcome: "error", reason: flat.reason, price: 0 });
    const result = await submitLead(deps, {
      flowId: c.req.param("flowId")!,
      sourceId: c.req.param("sourceId")!,
      postingKey: bearerToken(c.req.header("authorization")) ?? c.req.header("x-api-key"),
      fields: flat.fields,
      clientAddress: c.get("clientAddress"),
    });
    switch (result.outcome) {
      case "success": {
        if (!waitSeconds || !result.deliveryIds.length)
          return leadResponse(c, 201, { outcome: "success", lead: { id: result.leadId }, price: 0 });
        const attempts = await Promise.all(result.deliveryIds.map((id) => wait.firstAttempt(id, waitSeconds * 1000)));
        const deliveries = result.deliveryIds.map((id, i) => {
          const event = attempts[i];
          return event
            ? { id, destination_id: event.destination_id, outcome: event.outcome, reason: event.reason, ms: event.ms }
            : { id, outcome: "pending", reason: `No result within ${waitSeconds} s: read GET /leads/${result.leadId}` };
        });
        return leadResponse(c, 201, { outcome: "success", lead: { id: result.leadId }, price: 0, deliveries });
      }
      case "failure":
        return leadResponse(c, 201, {
          outcome: "failure",
          reason: result.reason,
          ...(result.leadId ? { lead: { id: result.leadId } } : {}),
          price: 0,
        });
      case "error":
        if (result.retryAfterSeconds) c.header("Retry-After", String(result.retryAfterSeconds));
        return leadResponse(c, ERROR_STATUS[result.code], { outcome: "error", reason: result.reason, price: 0 });
    }
  };

  const tooLarge = (c: Context) => {
    // The rest of the body is never read, so the connection cannot be reused.
    c.header("connection", "close");
    return leadResponse(c, 413, { outcome: "error", reason: "Body too large: the limit is 1 MB", price: 0 });
  };
  const streamedBodyLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  app.post(
    path,
    (c, next) => {
      // A body with a Content-Length (every keep-alive client's) is checked from the header alone,
      // so @hono/node-server reads it straight from Node's request. hono's bodyLimit looks at
      // `c.req.raw.body`, which builds a web Request and stream for every lead (an eighth of
      // intake's CPU in its profile): it is kept for chunked bodies, whose size only reading tells.
      const length = c.req.header("content-length");
      if (length !== undefined && c.req.header("transfer-encoding") === undefined)
        return parseInt(length, 10) > MAX_BODY_BYTES ? tooLarge(c) : next();
      return streamedBodyLimit(c, next);
    },
    async (c) => {
      const read = await readSubmissionBody(c);
      if (!read.ok) return leadResponse(c, read.status, { outcome: "error", reason: read.reason, price: 0 });
      return handle(c, read.body);
    },
  );
  app.get(path, (c) => {
    // Hono answers HEAD with the GET handler: a HEAD must not store a lead.
    if (c.req.method === "HEAD") return headNotAllowed("GET, POST");
    return handle(c, {});
  });
  return app;
}
