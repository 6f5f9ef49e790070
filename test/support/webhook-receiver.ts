import { FakeHttpServer, type RecordedRequest, type Reply } from "../fakes/fake-http-server.ts";

/**
 * A buyer's webhook endpoint that de-duplicates on `webhook-id`, as the Standard Webhooks spec
 * asks receivers to: `processed` holds each delivery once, `requests` every request seen.
 */
export class WebhookReceiver extends FakeHttpServer {
  readonly processed = new Map<string, RecordedRequest>();
  reply: (request: RecordedRequest) => Reply = () => ({ status: 200, body: { ok: true } });

  protected override handle(request: RecordedRequest): Reply {
    const id = String(request.headers["webhook-id"] ?? "");
    const reply = this.reply(request);
    if (reply.status >= 200 && reply.status < 300 && id && !this.processed.has(id)) this.processed.set(id, request);
    return reply;
  }
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  return new WebhookReceiver().listen();
}
