import { connect } from "node:net";

export interface RawExchange {
  /** Everything the server sent. */
  response: string;
  /** The status of the first response line, or null if none came. */
  status: number | null;
  /** Whether the server closed the connection before the client gave up. */
  closedByServer: boolean;
  elapsedMs: number;
}

/**
 * Writes `data` to a raw TCP connection to the service and never ends it (a stalled client),
 * then collects what the server sends until it closes the connection or `giveUpMs` passes.
 */
export function rawExchange(url: string, data: string | Buffer, giveUpMs: number): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const response = Buffer.concat(chunks).toString("latin1");
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(response);
      resolve({ response, status: match ? Number(match[1]) : null, closedByServer, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), giveUpMs);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => finish(true));
    socket.on("close", () => finish(true));
    socket.on("error", () => finish(true));
    socket.on("connect", () => socket.write(data));
  });
}
