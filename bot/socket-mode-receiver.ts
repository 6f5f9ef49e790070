import { ErrorCode, type App, type Logger as BoltLogger, type Receiver, type ReceiverEvent } from "@slack/bolt";
import { SocketModeClient } from "@slack/socket-mode";
import type { Logger } from "../core/logger.ts";

export interface SocketModeReceiverOptions {
  /** SLACK_APP_TOKEN (xapp-…): only opens connections (`apps.connections.open`). */
  appToken: string;
  /** SLACK_API_URL: where `apps.connections.open` is called. */
  slackApiUrl: string;
  logger: Logger;
  /** The service's logger as Bolt's interface (bot/bolt-logger.ts: no payloads in lines). */
  boltLogger: BoltLogger;
}

/** What the Socket Mode client hands over for each envelope. */
interface SocketModeEvent {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  body: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
}

/**
 * Socket Mode for Bolt (SLACK_APP_TOKEN), with the acknowledgement rules of our HTTP FetchReceiver
 * (Bolt's own SocketModeReceiver leaves an envelope unacknowledged when no listener acks it, e.g.
 * a click on a button of an old message, and Slack then shows the person an error):
 * - `ack(response)` sends `{envelope_id, payload}` at once: the payload is what the HTTP answer's
 *   body would be (a `response_action`, a command's reply; a string becomes `{text}`);
 * - listeners keep running after the ack; if they finish without acking, an empty ack is sent;
 * - if they throw before acking, nothing is sent, so Slack retries an event as it does after an
 *   HTTP 500 (except when the workspace has no installation: that is acked, retries cannot help);
 * - an ack that cannot be sent (the connection is being replaced) is logged, not thrown into the
 *   listener; Slack sends the envelope again.
 * The client reconnects by itself after Slack's `disconnect` messages or a lost connection.
 */
export class SocketModeReceiver implements Receiver {
  readonly client: SocketModeClient;
  private app: App | undefined;

  constructor(private readonly options: SocketModeReceiverOptions) {
    this.client = new SocketModeClient({
      appToken: options.appToken,
      logger: options.boltLogger,
      clientOptions: { slackApiUrl: options.slackApiUrl },
    });
    this.client.on("slack_event", (event: SocketModeEvent) => void this.dispatch(event));
  }

  init(app: App): void {
    this.app = app;
  }

  /** Resolves once Slack's `hello` arrived on the first connection. */
  async start(): Promise<void> {
    await this.client.start();
  }

  async stop(): Promise<void> {
    await this.client.disconnect();
  }

  private async dispatch({ ack, body, retry_num, retry_reason }: SocketModeEvent): Promise<void> {
    const { logger } = this.options;
    if (!this.app) return;
    let acked = false;
    const event: ReceiverEvent = {
      body,
      retryNum: retry_num,
      retryReason: retry_reason,
      ack: async (response?: unknown) => {
        if (acked) {
          logger.warn("a Slack request was acknowledged twice; the second ack is ignored");
          return;
        }
        acked = true;
        try {
          await ack(ackPayload(response));
        } catch (error) {
          logger.warn(
            { err: (error as Error).message, type: body.type },
            "a Socket Mode ack could not be sent (the connection was closing): Slack sends the envelope again",
          );
        }
      },
    };
    try {
      await this.app.processEvent(event);
      if (!acked) await event.ack();
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error), type: body.type }, "Slack listener failed");
      if (!acked && (error as { code?: unknown }).code === ErrorCode.AuthorizationError) await event.ack();
    }
  }
}

function ackPayload(response: unknown): Record<string, unknown> | undefined {
  if (response === undefined || response === null || response === "") return undefined;
  if (typeof response === "string") return { text: response };
  return response as Record<string, unknown>;
}
