import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../core/logger.ts";

/**
 * Bolt's (and the WebClient's, and the Socket Mode client's) logger interface over the service's
 * pino logger. Only strings and error messages are passed through, never arbitrary objects, and
 * JSON inside them is cut off, so request arguments and payloads (which may hold tokens or a
 * buyer's typed credentials) cannot end up in a log line. Bolt's debug is
 * pino's trace: it is chatty.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: "slack" });
  const line = (messages: unknown[]) =>
    messages
      .map((m) => (typeof m === "string" ? withoutPayload(m) : m instanceof Error ? `${m.name}: ${withoutPayload(m.message)}` : "[object]"))
      .join(" ");
  let level = LogLevel.INFO;
  return {
    debug: (...messages: unknown[]) => child.trace(line(messages)),
    info: (...messages: unknown[]) => child.debug(line(messages)),
    warn: (...messages: unknown[]) => child.warn(line(messages)),
    error: (...messages: unknown[]) => child.error(line(messages)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * Bolt and the Socket Mode client put whole payloads into their strings ("Received a message on
 * the WebSocket: {…}", "ack() call begins (body: {…})"): a modal submission's payload holds what
 * the person typed, credentials included. Everything from the first `{` on is dropped.
 */
function withoutPayload(text: string): string {
  const start = text.indexOf("{");
  return start < 0 ? text : `${text.slice(0, start)}[payload omitted]`;
}
