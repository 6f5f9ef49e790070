import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * Slack's Socket Mode side, as https://api.slack.com/apis/socket-mode describes it:
 *
 * 1. the app calls `apps.connections.open` with its app-level token (xapp-…) on the Web API
 *    (the FakeSlack answers it with `openUrl()`: a `ws://` URL with a one-time ticket);
 * 2. it connects there and gets `{type: "hello", num_connections, debug_info, connection_info}`;
 * 3. Slack sends envelopes `{envelope_id, type: "events_api" | "interactive" | "slash_commands",
 *    payload, accepts_response_payload}`; the app acknowledges each one within 3 s by sending
 *    `{envelope_id, payload?}` back (the payload is what an HTTP answer's body would be: a
 *    `response_action`, a slash command's reply);
 * 4. Slack may send `{type: "disconnect", reason: "warning" | "refresh_requested" | …}`: the app
 *    must open a new connection (a new `apps.connections.open`); Slack closes the old one soon
 *    after a `refresh_requested`.
 *
 * Slack pings every connection now and then (the client's ping timeout starts from the first one);
 * `ws` answers the client's pings with pongs. Envelopes go to the newest open connection.
 */

export type EnvelopeType = "events_api" | "interactive" | "slash_commands";

export interface SentEnvelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  /** Which connection (1-based, in order of opening) it went to. */
  connection: number;
  sentAt: number;
}

export interface ReceivedAck {
  envelope_id: string;
  /** The ack's payload; `{}` for a bare ack. */
  payload: Record<string, unknown>;
  connection: number;
  /** Time from the envelope being sent to its ack arriving. */
  afterMs: number;
}

export interface FakeConnection {
  id: number;
  socket: WebSocket;
  /** From `connection_info.app_id` of the ticket. */
  appId: string;
  open: boolean;
  /** The close code the connection ended with (1000 when the app closed it normally). */
  closeCode?: number;
}

export interface FakeSocketModeOptions {
  /** How often Slack pings each connection; 0 turns pings off. */
  pingIntervalMs?: number;
  /** After a `refresh_requested`, Slack closes a connection the app has not closed itself within this long. */
  refreshGraceMs?: number;
  /** `deliver` rejects when no ack came within this long (Slack's own deadline is 3 s; see `ackedLate`). */
  ackDeadlineMs?: number;
  /** `deliver` waits this long for an open connection (the app may be reconnecting), like Slack holding events. */
  connectionWaitMs?: number;
}

/** Slack's close code for a connection it drops after a refresh (any non-1000 code reads as abnormal). */
const CLOSE_REFRESHED = 1001;

export class FakeSocketMode {
  readonly envelopes: SentEnvelope[] = [];
  readonly acks: ReceivedAck[] = [];
  /** Messages from the app that are not acks of an envelope sent on that connection (should stay empty). */
  readonly strayMessages: { connection: number; text: string }[] = [];
  /** Every connection ever opened, in order. */
  readonly connections: FakeConnection[] = [];
  /** Connection attempts refused for an unknown or already used ticket. */
  refusedTickets = 0;

  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly tickets = new Map<string, string>();
  private readonly waiting = new Map<string, (ack: ReceivedAck) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly options: Required<FakeSocketModeOptions>;
  private baseUrl: string | undefined;

  constructor(options: FakeSocketModeOptions = {}) {
    this.options = { pingIntervalMs: 10_000, refreshGraceMs: 1_000, ackDeadlineMs: 3_000, connectionWaitMs: 10_000, ...options };
    this.http = createServer((_req, res) => {
      res.writeHead(426, { "content-type": "text/plain" }).end("Upgrade Required");
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.http.on("upgrade", (req, socket, head) => {
      const appId = this.takeTicket(req);
      if (!appId) {
        this.refusedTickets += 1;
        socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, appId));
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(0, "127.0.0.1", () => resolve());
    });
    this.baseUrl = `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
    return this;
  }

  /** What `apps.connections.open` answers: a fresh URL whose ticket is good for one connection. */
  openUrl(appId: string): string {
    if (!this.baseUrl) throw new Error("fake Socket Mode server is not listening yet");
    const ticket = randomUUID();
    this.tickets.set(ticket, appId);
    return `${this.baseUrl}/link/?ticket=${ticket}&app_id=${encodeURIComponent(appId)}`;
  }

  /** The connection envelopes go to: the newest one still open. */
  get activeConnection(): FakeConnection | undefined {
    return this.connections.filter((connection) => connection.open).at(-1);
  }

  get openConnections(): number {
    return this.connections.filter((connection) => connection.open).length;
  }

  /**
   * Sends one envelope on the active connection (waiting up to `connectionWaitMs` for one) and
   * resolves with the app's ack. Rejects if no connection opened, or no ack came within
   * `ackDeadlineMs` (Slack would retry an event, or show the person an error for an interaction).
   */
  async deliver(type: EnvelopeType, payload: Record<string, unknown>, acceptsResponsePayload: boolean): Promise<ReceivedAck> {
    const waitUntil = Date.now() + this.options.connectionWaitMs;
    while (!this.activeConnection && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 20));
    const connection = this.activeConnection;
    if (!connection) throw new Error(`no open Socket Mode connection to deliver a ${type} envelope on`);
    const envelope: SentEnvelope = {
      envelope_id: randomUUID(),
      type,
      payload,
      accepts_response_payload: acceptsResponsePayload,
      connection: connection.id,
      sentAt: Date.now(),
    };
    this.envelopes.push(envelope);
    return new Promise<ReceivedAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.waiting.delete(envelope.envelope_id);
        reject(
          new Error(`the app did not acknowledge the ${type} envelope ${envelope.envelope_id} within ${this.options.ackDeadlineMs} ms`),
        );
      }, this.options.ackDeadlineMs);
      this.timers.add(timer);
      this.waiting.set(envelope.envelope_id, (ack) => {
        clearTimeout(timer);
        this.timers.delete(timer);
        resolve(ack);
      });
      const { connection: _connection, sentAt: _sentAt, ...wire } = envelope;
      connection.socket.send(JSON.stringify(type === "events_api" ? { ...wire, retry_attempt: 0, retry_reason: "" } : wire));
    });
  }

  /**
   * Slack asks the app to reconnect: `warning` comes some seconds before a refresh,
   * `refresh_requested` when the connection is about to be closed (this fake closes it after
   * `refreshGraceMs` if the app has not).
   */
  requestDisconnect(reason: "warning" | "refresh_requested" | "link_disabled" = "refresh_requested"): FakeConnection {
    const connection = this.activeConnection;
    if (!connection) throw new Error("no open Socket Mode connection to disconnect");
    connection.socket.send(JSON.stringify({ type: "disconnect", reason, debug_info: { host: "applink-fake-1" } }));
    if (reason === "refresh_requested") {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (connection.open) connection.socket.close(CLOSE_REFRESHED, "refresh");
      }, this.options.refreshGraceMs);
      this.timers.add(timer);
    }
    return connection;
  }

  /** Envelopes acknowledged after Slack's 3 s deadline (Slack would have retried or shown an error). */
  ackedLate(): ReceivedAck[] {
    return this.acks.filter((ack) => ack.afterMs >= 3_000);
  }

  /** Acks of this envelope (exactly one is right). */
  acksOf(envelopeId: string): ReceivedAck[] {
    return this.acks.filter((ack) => ack.envelope_id === envelopeId);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const connection of this.connections) connection.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  private takeTicket(req: IncomingMessage): string | undefined {
    const url = new URL(req.url ?? "/", "ws://fake.local");
    const ticket = url.searchParams.get("ticket") ?? "";
    if (url.pathname !== "/link/") return undefined;
    const appId = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return appId;
  }

  private accept(socket: WebSocket, appId: string): void {
    const connection: FakeConnection = { id: this.connections.length + 1, socket, appId, open: true };
    this.connections.push(connection);
    const ping =
      this.options.pingIntervalMs > 0
        ? setInterval(() => socket.ping(Buffer.from(`ping-${Date.now()}`)), this.options.pingIntervalMs)
        : undefined;
    socket.on("message", (data, isBinary) => this.onMessage(connection, isBinary ? "" : data.toString("utf8")));
    socket.on("close", (code) => {
      clearInterval(ping);
      connection.open = false;
      connection.closeCode = code;
    });
    socket.send(
      JSON.stringify({
        type: "hello",
        num_connections: this.openConnections,
        debug_info: { host: "applink-fake-1", build_number: 1, approximate_connection_time: 18_060 },
        connection_info: { app_id: appId },
      }),
    );
  }

  private onMessage(connection: FakeConnection, text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.strayMessages.push({ connection: connection.id, text });
      return;
    }
    const envelopeId = (message as { envelope_id?: unknown } | null)?.envelope_id;
    const envelope = this.envelopes.find((sent) => sent.envelope_id === envelopeId && sent.connection === connection.id);
    if (!envelope) {
      this.strayMessages.push({ connection: connection.id, text });
      return;
    }
    const payload = (message as { payload?: unknown }).payload;
    const ack: ReceivedAck = {
      envelope_id: envelope.envelope_id,
      payload: typeof payload === "object" && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {},
      connection: connection.id,
      afterMs: Date.now() - envelope.sentAt,
    };
    this.acks.push(ack);
    const resolve = this.waiting.get(envelope.envelope_id);
    this.waiting.delete(envelope.envelope_id);
    resolve?.(ack);
  }
}

export async function startFakeSocketMode(options: FakeSocketModeOptions = {}): Promise<FakeSocketMode> {
  return new FakeSocketMode(options).listen();
}
