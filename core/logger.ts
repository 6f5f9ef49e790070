import { pino, type Logger } from "pino";

export type { Logger };

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

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" }, base: { service: "leadrelay" } },
    destination as pino.DestinationStream | undefined,
  );
}
