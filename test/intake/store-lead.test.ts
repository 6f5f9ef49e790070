import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { createPrisma, type PrismaClient } from "../../core/db/prisma.ts";
import { createSqlPool, type SqlPool } from "../../core/db/sql-pool.ts";
import { sendTestLead } from "../../core/destinations/send-test-lead.ts";
import { LeadBatchWriter } from "../../core/intake/lead-batch-writer.ts";
import { prepareLead } from "../../core/intake/store-lead.ts";
import { createLogger } from "../../core/logger.ts";
import { BullDeliveryDispatcher, closeDeliveryQueues, createDeliveryQueues, type DeliveryQueues } from "../../jobs/delivery-queue.ts";
import { TEST_DATABASE_URL, TEST_KEY_PREFIX, TEST_REDIS_URL } from "../support/env.ts";
import { seedBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY } from "../support/test-config.ts";
import { waitFor } from "../support/wait-for.ts";

/**
 * Intake and a destination's test lead store a lead through one storeLead(): a test lead's row
 * and intake event look like a posted lead's (what was replaced, ignored, invalid), and its
 * delivery is queued in the interactive lane. No worker runs here: the job stays queued.
 */
let prisma: PrismaClient;
let sql: SqlPool;
let connection: Redis;
let queues: DeliveryQueues;
let dispatcher: BullDeliveryDispatcher;

beforeAll(async () => {
  prisma = createPrisma(TEST_DATABASE_URL, 2);
  sql = createSqlPool(TEST_DATABASE_URL, 2);
  connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  queues = createDeliveryQueues(connection, `${TEST_KEY_PREFIX}-store-lead`);
  dispatcher = new BullDeliveryDispatcher(queues, connection, [1], createLogger("silent"));
});

afterAll(async () => {
  await dispatcher?.drain();
  if (queues) await closeDeliveryQueues(queues);
  connection?.disconnect();
  await sql?.end();
  await prisma?.$disconnect();
});

describe("storeLead", () => {
  it("prepares a submission as intake does: replaced characters of stored fields are invalid, the posting key and ignored names are not listed", () => {
    const prepared = prepareLead({ first_name: "Ann\uFFFD", "a.__proto__": "x\uFFFD" }, ["first_name", "a.__proto__", "apisecret"], []);
    expect(prepared.replaced).toEqual(["first_name"]);
    expect(prepared.invalid).toContain("first_name");
    expect(prepared.lead.ignored).toEqual(["a.__proto__"]);
  });

  it("stores a destination's test lead with the intake's shape and queues it in the interactive lane", async () => {
    const buyer = await seedBuyer(prisma, new SecretBox(TEST_ENCRYPTION_KEY), {
      fields: [{ name: "loan.amount", type: "number" }],
      destination: { integration: "webhook", name: "Hook", settings: { url: "http://127.0.0.1:9/leads" } },
    });
    // A Slack modal's values do not pass the API's edge: an unstorable character reaches core.
    const sent = await sendTestLead({ prisma, leads: new LeadBatchWriter(sql), dispatcher }, buyer.accountId, buyer.destinationId!, {
      comments: "two\u0000words",
      "loan.amount": "a lot",
    });

    const lead = await prisma.lead.findUniqueOrThrow({ where: { id: sent.leadId }, include: { events: true, deliveries: true } });
    // Typed by the flow's custom fields as a posted lead is: "a lot" is not a number.
    expect(lead).toMatchObject({ isTest: true, status: "accepted", invalid: ["loan.amount", "comments"] });
    expect(lead.fields).toMatchObject({ first_name: "Test", comments: "two\uFFFDwords", loan: { amount: "a lot" } });
    expect(lead.deliveries.map((d) => d.id)).toEqual([sent.deliveryId]);
    const [intake] = lead.events;
    expect(lead.events).toHaveLength(1);
    expect(intake).toMatchObject({ type: "source", outcome: "success", isTest: true });
    expect(intake!.snapshot).toEqual({
      received: expect.arrayContaining(["first_name", "email", "comments", "loan.amount", "is_test"]),
      invalid: ["loan.amount", "comments"],
      replaced_characters: ["comments"],
      test: "destination test",
    });
    await waitFor("the test lead's job in the interactive lane", async () => Boolean(await queues.interactive.getJob(sent.deliveryId)));
    expect(await queues.bulk.getJob(sent.deliveryId)).toBeFalsy();
  });
});
