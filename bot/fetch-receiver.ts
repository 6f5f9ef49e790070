import { verifySlackRequest, type App, type Receiver, type ReceiverEvent } from "@slack/bolt";
import type { Logger } from "../core/logger.ts";
import { parseSlackBody } from "./parse-slack-body.ts";

const MAX_BODY_BYTES = 1_000_000;
/** Slack's own window: a request signed more than five minutes away from now is refused. */
const MAX_CLOCK_SKEW_SECONDS = 300;
/** Slack shows the user an error if the HTTP answer takes longer than this. */
const SLACK_ACK_DEADLINE_MS = 3_000;

export interface FetchReceiverOptions {
  signingSecret: string;
  logger: Logger;
}

/**
 * A Bolt Receiver for any fetch-style server (Hono here): `handle(request)` takes the raw
 * request Slack sent to /slack/events and resolves with the HTTP response.
 *
 * 1. The signature is checked with Bolt's own `verifySlackRequest` (HMAC-SHA256 of
 *    `v0:<timestamp>:<body>` with the signing secret, timestamps at most five minutes off):
 *    anything else is 401 before the body is even parsed.
 * 2. The body is parsed (JSON event, interactivity `payload`, or slash-command form);
 *    `url_verification` is answered with its challenge, `ssl_check` with 200.
 * 3. `app.processEvent` runs with an `ack` that resolves the HTTP response: `ack()` is an
 *    empty 200, `ack("text")` plain text, `ack({...})` JSON (e.g. a view submission's
 *    `response_action`, a command's ephemeral reply). Listeners keep running after the ack;
 *    if they finish without acking the answer is an empty 200, if they throw first a 500.
 */
export class FetchReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly options: FetchReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  async handle(request: Request): Promise<Response> {
    const { logger } = this.options;
    if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return text(413, "Payload too large");
    const rawBody = await request.text();
    if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) return text(413, "Payload too large");
    if (!this.verified(request.headers, rawBody)) return text(401, "Invalid Slack request signature");

    const body = parseSlackBody(rawBody, request.headers.get("content-type"));
    if (!body) return text(400, "Unrecognised Slack request body");
    if (body.ssl_check) return new Response(null, { status: 200 });
    if (body.type === "url_verification") return Response.json({ challenge: String(body.challenge ?? "") });
    if (!this.app) return text(503, "Slack app not initialised");
    const malformed = malformedEnvelope(body);
    if (malformed) return text(400, malformed);

    let answer!: (response: Response) => void;
    const answered = new Promise<Response>((resolve) => (answer = resolve));
    let acked = false;
    const settle = (response: Response) => {
      if (acked) return false;
      acked = true;
      answer(response);
      return true;
    };
    const retryNum = request.headers.get("x-slack-retry-num");
    const event: ReceiverEvent = {
      body,
      retryNum: retryNum === null ? undefined : Number(retryNum),
      retryReason: request.headers.get("x-slack-retry-reason") ?? undefined,
      ack: async (response?: unknown) => {
        if (!settle(ackResponse(response))) logger.warn("a Slack request was acknowledged twice; the second ack is ignored");
      },
    };
    const late = setTimeout(() => {
      if (!acked) logger.warn({ type: body.type, command: body.command }, "a Slack request was not acknowledged within 3 s");
    }, SLACK_ACK_DEADLINE_MS);
    late.unref();

    this.app.processEvent(event).then(
      () => settle(new Response(null, { status: 200 })),
      (error: unknown) => {
        logger.error({ err: error instanceof Error ? error.message : String(error), type: body.type }, "Slack listener failed");
        settle(text(500, "Internal error"));
      },
    );
    const response = await answered;
    clearTimeout(late);
    return response;
  }

  private verified(headers: Headers, rawBody: string): boolean {
    const signature = headers.get("x-slack-signature");
    const timestamp = Number(headers.get("x-slack-request-timestamp"));
    if (!signature || !Number.isFinite(timestamp)) return false;
    if (timestamp - Math.floor(Date.now() / 1000) > MAX_CLOCK_SKEW_SECONDS) return false;
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: rawBody,
        headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp },
      });
      return true;
    } catch (error) {
      this.options.logger.info({ reason: (error as Error).message }, "refused a Slack request");
      return false;
    }
  }
}

/**
 * A signed request whose envelope Bolt cannot route (it would throw before any listener and
 * answer 500): a view submission or close without its view.
 */
function malformedEnvelope(body: Record<string, unknown>): string | null {
  if ((body.type === "view_submission" || body.type === "view_closed") && (typeof body.view !== "object" || body.view === null)) {
    return `Malformed Slack request: ${body.type} without a view`;
  }
  return null;
}

function ackResponse(response: unknown): Response {
  if (response === undefined || response === null || response === "") return new Response(null, { status: 200 });
  if (typeof response === "string") return text(200, response);
  return Response.json(response);
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}
