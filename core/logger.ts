import { pino, type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

/** `json`: one JSON object per line (for machines); `pretty`: coloured, readable lines (for a terminal). */
export type LogFormat = "json" | "pretty";

/** LOG_FORMAT `auto` is pretty when a person is watching (stdout is a terminal), JSON otherwise. */
export function chooseLogFormat(setting: "auto" | LogFormat, stdoutIsTerminal: boolean): LogFormat {
  if (setting !== "auto") return setting;
  return stdoutIsTerminal ? "pretty" : "json";
}

/**
 * Paths pino censors wherever a log call passes them. Lead data and credentials are never
 * logged on purpose; this list is the safety net for when someone does it by accident.
 */
const REDACTED_PATHS = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "*.headers['x-api-key']",
  "apisecret",
  "*.apisecret",
  "*.apiKey",
  "*.api_key",
  "*.token",
  "*.accessToken",
  "*.refreshToken",
  "*.secret",
  "*.password",
  "*.credentials",
  "*.email",
  "*.phone_1",
  "*.phone_2",
  "*.first_name",
  "*.last_name",
  "*.fields",
  "*.raw",
];

/**
 * The service's logger, writing to `destination` (stdout by default). Redaction happens before
 * either format renders a line, so both show `[redacted]`. Pretty lines are rendered in-process
 * and written synchronously (no worker thread), so a fatal start-up line is printed before exit.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream, format: LogFormat = "json"): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" }, base: { service: "leadrelay" } };
  if (format === "pretty") {
    return pino(
      options,
      pretty({
        destination: destination ?? 1,
        sync: true,
        // Colours only on a terminal (pino-pretty's own check), never into a file or a test's stream.
        ...(destination ? { colorize: false } : {}),
        translateTime: "SYS:HH:MM:ss.l",
        ignore: "pid,hostname,service",
      }),
    );
  }
  return pino(options, destination as pino.DestinationStream | undefined);
}
