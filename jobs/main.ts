import { ConfigError, loadConfig } from "../core/config.ts";
import { SecretBox } from "../core/crypto/secret-box.ts";
import { ensureDevEncryptionKey } from "../core/crypto/dev-encryption-key.ts";
import { createPrisma } from "../core/db/prisma.ts";
import { createSqlPool } from "../core/db/sql-pool.ts";
import { createLogger } from "../core/logger.ts";
import { createDatabaseIfMissing, migrateDatabase } from "../prisma/migrate.ts";
import { deliveryDepsFromConfig, startDeliveryRuntime } from "./delivery-runtime.ts";
import { startNotifyRuntime } from "./notify-runtime.ts";

/** `npm run worker`: delivery workers, the sweeper and the notify worker (Slack) alone; run as many as you like. */
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

await createDatabaseIfMissing(config.DATABASE_URL);
await migrateDatabase(config.DATABASE_URL);
const prisma = createPrisma(config.DATABASE_URL, Math.max(2, Math.ceil(config.DATABASE_POOL_SIZE / 4)));
const sql = createSqlPool(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
const secretBox = new SecretBox(config.ENCRYPTION_KEY!);
const notify = startNotifyRuntime(config, { prisma, secretBox }, logger);
const runtime = startDeliveryRuntime(config, deliveryDepsFromConfig(config, prisma, sql, secretBox), logger, notify ? [notify.listener] : []);
logger.info({ concurrency: config.DELIVERY_CONCURRENCY }, "delivery worker started");

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker shutting down: finishing active deliveries");
    void runtime
      .close()
      .then(() => notify?.close())
      .then(() => Promise.all([prisma.$disconnect(), sql.end()]))
      .then(() => process.exit(0));
  });
}
