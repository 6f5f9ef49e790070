import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { PrismaClient } from "../../core/db/prisma.ts";
import { DELIVERY_QUEUE } from "../../jobs/delivery-queue.ts";
import { TEST_REDIS_URL } from "./env.ts";
import { waitFor } from "./wait-for.ts";

/**
 * Waits until a delivery is parked behind its unhealthy destination: recorded `waiting` and its
 * job delayed until the next health recheck (a minute away). From then on nothing more is sent
 * for it within a test, which a fixed sleep could only suggest. (A retry is `retrying`, also delayed.)
 */
export async function waitForDeliveryParked(prisma: PrismaClient, queuePrefix: string, leadId: string): Promise<void> {
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(DELIVERY_QUEUE, { connection, prefix: queuePrefix });
  try {
    await waitFor(`the delivery of lead ${leadId} to be parked`, async () => {
      const delivery = await prisma.delivery.findFirst({ where: { leadId } });
      return delivery?.status === "waiting" && (await queue.getJobState(delivery.id)) === "delayed";
    });
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
