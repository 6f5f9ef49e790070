import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A tiny `node:http` base for the fake third-party APIs used by integration tests: listens on
 * 127.0.0.1 with an ephemeral port, parses JSON / form bodies, records every request, and lets a
 * test script faults (a canned response, a delay long enough to trip a client timeout, a dropped
 * socket) for the next N requests that match.
 */

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/crm/v3/objects/contacts`. */
  path: string;
  /** Query parameters (last value wins for repeated keys). */
  query: Record<string, string>;
  /** Header names are lower-case (as Node gives them). */
  headers: IncomingHttpHeaders;
  /** JSON value for JSON bodies, `Record<string, string>` for form bodies, the raw text otherwise, `undefined` when empty. */
  body: unknown;
  rawBody: string;
  /** Set when the body claimed to be JSON but did not parse. */
  bodyError?: string;
  /** Which scripted fault (if any) this request met. */
  fault?: "respond" | "delay" | "drop";
  at: Date;
}

export interface Reply {
  status: number;
  headers?: Record<string, string | number | string[]>;
  /** Objects/arrays are sent as JSON; strings as-is; `undefined` means no body. */
  body?: unknown;
}

/**
 * Which requests a scripted fault applies to:
 * - a string `"POST /path/*"` or `"/path"` (any method); `*` matches any run of characters except `?`;
 * - a RegExp tested against the path;
 * - a predicate over the recorded request.
 * `"*"` matches everything.
 */
export type RequestMatch = string | RegExp | ((request: RecordedRequest) => boolean);

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

type Fault = { kind: "respond"; reply: Reply } | { kind: "delay"; ms: number; completeIfAbandoned: boolean } | { kind: "drop" };

interface QueuedFault {
  test: (request: RecordedRequest) => boolean;
  fault: Fault;
  remaining: number;
}

export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  private readonly faults: QueuedFault[] = [];
  /** Pending `delayNext` waits; released early by `close()`. */
  private readonly delays = new Map<NodeJS.Timeout, () => void>();
  private baseUrl: string | undefined;
  private readonly handler: Handler | undefined;

  constructor(handler?: Handler) {
    this.handler = handler;
    this.server = createServer((req, res) => {
      this.onRequest(req, res).catch((error: unknown) => {
        console.error("fake http server handler failed", error);
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(`fake server error: ${error instanceof Error ? error.message : String(error)}`);
        } else {
          res.destroy();
        }
      });
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  /** `http://127.0.0.1:<port>` (no trailing slash). */
  get url(): string {
    if (!this.baseUrl) throw new Error("fake server is not listening yet");
    return this.baseUrl;
  }

  /** Requests that match, in arrival order. */
  requestsTo(match: RequestMatch): RecordedRequest[] {
    const test = compileMatch(match);
    return this.requests.filter(test);
  }

  /** Answer the next `times` matching requests with this response instead of the normal handler. */
  failNext(match: RequestMatch, reply: Reply, times = 1): this {
    return this.queue(match, { kind: "respond", reply }, times);
  }

  /**
   * Hold the next `times` matching requests for `ms` before handling them normally (simulates a slow upstream / client timeout).
   * A request whose client gave up meanwhile is dropped unhandled, unless `completeIfAbandoned`: then it is still
   * handled (records created, as a real upstream would) and only the answer is lost.
   */
  delayNext(match: RequestMatch, ms: number, times = 1, options: { completeIfAbandoned?: boolean } = {}): this {
    return this.queue(match, { kind: "delay", ms, completeIfAbandoned: options.completeIfAbandoned ?? false }, times);
  }

  /** Destroy the socket of the next `times` matching requests without answering (connection reset). */
  dropNext(match: RequestMatch, times = 1): this {
    return this.queue(match, { kind: "drop" }, times);
  }

  /** Forget scripted faults that have not fired yet. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  async close(): Promise<void> {
    for (const [timer, release] of this.delays) {
      clearTimeout(timer);
      release();
    }
    this.delays.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Subclasses override this (or pass a handler to the constructor). */
  protected handle(request: RecordedRequest): Reply | Promise<Reply> {
    if (this.handler) return this.handler(request);
    return { status: 404, body: { error: "not_found" } };
  }

  private queue(match: RequestMatch, fault: Fault, times: number): this {
    this.faults.push({ test: compileMatch(match), fault, remaining: times });
    return this;
  }

  private takeFault(request: RecordedRequest): Fault | undefined {
    const index = this.faults.findIndex((entry) => entry.remaining > 0 && entry.test(request));
    if (index < 0) return undefined;
    const entry = this.faults[index]!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.faults.splice(index, 1);
    return entry.fault;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const parsedUrl = new URL(req.url ?? "/", "http://fake.local");
    const request: RecordedRequest = {
      method: (req.method ?? "GET").toUpperCase(),
      path: parsedUrl.pathname,
      query: Object.fromEntries(parsedUrl.searchParams.entries()),
      headers: req.headers,
      rawBody,
      body: undefined,
      at: new Date(),
    };
    parseBody(request);
    this.requests.push(request);

    const fault = this.takeFault(request);
    if (fault) request.fault = fault.kind;
    if (fault?.kind === "drop") {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "respond") {
      send(res, fault.reply);
      return;
    }
    if (fault?.kind === "delay") {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.delays.delete(timer);
          resolve();
        }, fault.ms);
        this.delays.set(timer, resolve);
      });
      if ((res.destroyed || req.socket.destroyed) && !fault.completeIfAbandoned) return;
    }
    const reply = await this.handle(request);
    if (res.destroyed || req.socket.destroyed) return;
    send(res, reply);
  }
}

/** Start a generic fake with a single handler function. */
export async function startFakeHttpServer(handler: Handler): Promise<FakeHttpServer> {
  return new FakeHttpServer(handler).listen();
}

export function compileMatch(match: RequestMatch): (request: RecordedRequest) => boolean {
  if (typeof match === "function") return match;
  if (match instanceof RegExp) return (request) => match.test(request.path);
  if (match === "*") return () => true;
  const space = match.indexOf(" ");
  const method = space > 0 ? match.slice(0, space).toUpperCase() : undefined;
  const pattern = space > 0 ? match.slice(space + 1) : match;
  const regex = new RegExp(`^${pattern.split("*").map(escapeRegExp).join("[^?]*")}$`);
  return (request) => (!method || request.method === method) && regex.test(request.path);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseBody(request: RecordedRequest): void {
  if (!request.rawBody) return;
  const type = String(request.headers["content-type"] ?? "").toLowerCase();
  if (type.includes("json")) {
    try {
      request.body = JSON.parse(request.rawBody) as unknown;
    } catch (error) {
      request.bodyError = error instanceof Error ? error.message : String(error);
    }
  } else if (type.includes("application/x-www-form-urlencoded")) {
    request.body = Object.fromEntries(new URLSearchParams(request.rawBody).entries());
  } else {
    request.body = request.rawBody;
  }
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number | string[]> = { ...reply.headers };
  let payload: string | undefined;
  if (reply.body !== undefined) {
    if (typeof reply.body === "string") {
      payload = reply.body;
    } else {
      payload = JSON.stringify(reply.body);
      if (!Object.keys(headers).some((name) => name.toLowerCase() === "content-type")) {
        headers["content-type"] = "application/json";
      }
    }
  }
  if (payload !== undefined) headers["content-length"] = Buffer.byteLength(payload);
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Reads a bearer token from the Authorization header (`Bearer x` or Salesforce's `OAuth x`). */
export function bearerToken(request: RecordedRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim();
}

/** True when the value is a plain object (not an array / null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
