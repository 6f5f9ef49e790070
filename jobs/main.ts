import { SecretBox } from "../core/crypto/secret-box.ts";
import { createPrisma } from "../core/db/prisma.ts";
import { createSqlPool } from "../core/db/sql-pool.ts";
import { exitGracefullyOnSignal, loadProcessConfig } from "../core/process-lifecycle.ts";
import { createDatabaseIfMissing, migrateDatabase } from "../prisma/migrate.ts";
import { deliveryDepsFromConfig, startDeliveryRuntime } from "./delivery-runtime.ts";
import { startNotifyRuntime } from "./notify-runtime.ts";

/** `npm run worker`: delivery workers, the sweeper and the notify worker (Slack) alone; run as many as you like. */
const { config, logger } = loadProcessConfig();

await createDatabaseIfMissing(config.DATABASE_URL);
await migrateDatabase(config.DATABASE_URL);
const prisma = createPrisma(config.DATABASE_URL, Math.max(2, Math.ceil(config.DATABASE_POOL_SIZE / 4)));
const sql = createSqlPool(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
const secretBox = new SecretBox(config.ENCRYPTION_KEY!);
const notify = startNotifyRuntime(config, { prisma, secretBox }, logger);
const runtime = startDeliveryRuntime(config, deliveryDepsFromConfig(config, prisma, sql, secretBox), logger, notify ? [notify.listener] : []);
logger.info({ concurrency: config.DELIVERY_CONCURRENCY }, "delivery worker started");

exitGracefullyOnSignal(logger, async () => {
  await runtime.close();
  await notify?.close();
  await Promise.all([prisma.$disconnect(), sql.end()]);
});
