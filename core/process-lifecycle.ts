import { ConfigError, loadConfig, type Config } from "./config.ts";
import { ensureDevEncryptionKey } from "./crypto/dev-encryption-key.ts";
import { isUnreachable } from "./dependency-watch.ts";
import { chooseLogFormat, createLogger, type Logger } from "./logger.ts";

/**
 * What both entry points (`npm start`, `npm run worker`) do first: settle the development
 * encryption key, parse the config (a bad variable prints the message naming it and exits 1),
 * and make the logger.
 */
export function loadProcessConfig(): { config: Config; logger: Logger } {
  const keyNotice = ensureDevEncryptionKey(process.env);
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const logger = createLogger(config.LOG_LEVEL, undefined, chooseLogFormat(config.LOG_FORMAT, process.stdout.isTTY === true));
  if (keyNotice) logger.warn(keyNotice);
  return { config, logger };
}

/**
 * On the first SIGTERM or SIGINT, runs `shutdown` (stop taking work, finish what is active) and
 * exits; exits anyway after `timeoutMs` (SHUTDOWN_TIMEOUT_MS) whatever is still running or
 * unreachable, and at once on a second signal. Unfinished deliveries stay in the database and
 * the queue, so another process (or this one, restarted) retries them.
 */
export function exitGracefullyOnSignal(logger: Logger, shutdown: () => Promise<unknown>, timeoutMs: number): void {
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) {
        logger.warn({ signal }, `second ${signal}: exiting at once`);
        process.exit(1);
      }
      stopping = true;
      logger.info(
        { signal, timeoutMs },
        `shutting down: finishing active deliveries for at most ${timeoutMs} ms (SHUTDOWN_TIMEOUT_MS); send ${signal} again to exit at once`,
      );
      const deadline = setTimeout(() => {
        logger.warn(
          { timeoutMs },
          `shutdown did not finish within SHUTDOWN_TIMEOUT_MS (${timeoutMs} ms): exiting; unfinished deliveries are retried later`,
        );
        process.exit(1);
      }, timeoutMs);
      shutdown().then(
        () => {
          clearTimeout(deadline);
          process.exit(0);
        },
        (error: Error) => {
          logger.error({ err: error.message }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}

/**
 * The one line to say why start-up failed, naming the variable to fix: PORT in use, an
 * unreachable DATABASE_URL, a bad ENCRYPTION_KEY. Never prints a URL (it may hold a password).
 */
export function startupFailureMessage(error: unknown, config: Config): string {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "EADDRINUSE")
    return `PORT ${config.PORT} is already in use on ${config.HOST}: stop the other process or set PORT to a free port`;
  if (code === "EACCES" && (error as { syscall?: unknown }).syscall === "listen")
    return `PORT ${config.PORT} cannot be used (permission denied): set PORT to a port above 1023`;
  if (/ENCRYPTION_KEY/.test(message)) return message;
  if (isUnreachable(error) || code === "28P01" || code === "3D000" || code === "28000") {
    return `cannot reach PostgreSQL at DATABASE_URL: ${message || String(code)}`;
  }
  return `start-up failed: ${message}`;
}
