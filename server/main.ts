import { ConfigError, loadConfig } from "../core/config.ts";
import { ensureDevEncryptionKey } from "../core/crypto/dev-encryption-key.ts";
import { createLogger } from "../core/logger.ts";
import { startService } from "./service.ts";

/** `npm start`: the HTTP API and, unless RUN_WORKERS=false, the delivery workers. */
const keyNotice = ensureDevEncryptionKey(process.env);
let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const logger = createLogger(config.LOG_LEVEL);
if (keyNotice) logger.warn(keyNotice);

const service = await startService(config, logger).catch((error: Error) => {
  logger.fatal({ err: error.message }, "start-up failed: is PostgreSQL reachable at DATABASE_URL?");
  process.exit(1);
});
logger.info({ url: service.url, publicUrl: config.PUBLIC_URL, workers: Boolean(service.runtime) }, "leadrelay is listening");
if (!config.SLACK_BOT_TOKEN && !config.SLACK_CLIENT_ID) {
  logger.info("Slack bot is off: set SLACK_SIGNING_SECRET with SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID/SLACK_CLIENT_SECRET/SLACK_STATE_SECRET (OAuth install) to turn it on");
}

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing active deliveries");
    service.close().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error({ err: error.message }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
