import { SecretBox } from "../core/crypto/secret-box.ts";
import { createPrisma } from "../core/db/prisma.ts";
import { createSqlPool } from "../core/db/sql-pool.ts";
import { exitGracefullyOnSignal, loadProcessConfig, startupFailureMessage } from "../core/process-lifecycle.ts";
import { dependencyWatches } from "../core/dependency-watch.ts";
import { prepareDatabase } from "../prisma/migrate.ts";
import { deliveryDepsFromConfig, startDeliveryRuntime } from "./delivery-runtime.ts";
import { startNotifyRuntime } from "./notify-runtime.ts";
import { startReplayRuntime } from "./replay-runtime.ts";

/** `npm run worker`: delivery workers, the sweeper and the notify worker (Slack) alone; run as many as you like. */
const { config, logger } = loadProcessConfig();

try {
  await prepareDatabase(config.DATABASE_URL, logger);
} catch (error) {
  logger.fatal(startupFailureMessage(error, config));
  process.exit(1);
}
const watches = dependencyWatches(logger);
const prisma = createPrisma(config.DATABASE_URL, Math.max(2, Math.ceil(config.DATABASE_POOL_SIZE / 4)));
const sql = createSqlPool(config.DATABASE_URL, config.DATABASE_POOL_SIZE, watches.database);
const secretBox = new SecretBox(config.ENCRYPTION_KEY!);
const notify = startNotifyRuntime(config, { prisma, secretBox }, logger, watches);
const runtime = startDeliveryRuntime(
  config,
  deliveryDepsFromConfig(config, prisma, sql, secretBox),
  logger,
  notify ? [notify.listener] : [],
  watches,
);
const replays = startReplayRuntime(config, prisma, logger, watches);
logger.info(
  { concurrency: config.DELIVERY_CONCURRENCY, interactiveConcurrency: config.INTERACTIVE_DELIVERY_CONCURRENCY },
  "delivery worker started",
);

exitGracefullyOnSignal(
  logger,
  async () => {
    await replays.close();
    await runtime.close();
    await notify?.close();
    await Promise.all([prisma.$disconnect(), sql.end()]);
  },
  config.SHUTDOWN_TIMEOUT_MS,
);
