import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../../prisma/generated/client.ts";

export type { PrismaClient };
export { Prisma } from "../../prisma/generated/client.ts";

export function createPrisma(databaseUrl: string, poolSize = 10): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter });
}

/** The client or an interactive transaction's client: functions that only read and write take either. */
export type Db = PrismaClient | Prisma.TransactionClient;
