import { ConfigError, loadConfig, type Config } from "./config.ts";
import { ensureDevEncryptionKey } from "./crypto/dev-encryption-key.ts";
import { createLogger, type Logger } from "./logger.ts";

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
  const logger = createLogger(config.LOG_LEVEL);
  if (keyNotice) logger.warn(keyNotice);
  return { config, logger };
}

/** On the first SIGTERM or SIGINT, runs `shutdown` (stop taking work, finish what is active) and exits. */
export function exitGracefullyOnSignal(logger: Logger, shutdown: () => Promise<unknown>): void {
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "shutting down: finishing active deliveries");
      shutdown().then(
        () => process.exit(0),
        (error: Error) => {
          logger.error({ err: error.message }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}
