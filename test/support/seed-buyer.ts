import { createAccount } from "../../core/accounts/create-account.ts";
import { issueAccountKey } from "../../core/accounts/issue-account-key.ts";
import type { SecretBox } from "../../core/crypto/secret-box.ts";
import type { PrismaClient } from "../../core/db/prisma.ts";
import type { DestinationInput } from "../../core/destinations/destination-input.ts";
import { createDestination } from "../../core/destinations/save-destination.ts";
import { createFlow } from "../../core/flows/create-flow.ts";
import { createSource } from "../../core/sources/create-source.ts";
import { testDestinationDeps } from "./destination-deps.ts";

export interface SeededBuyer {
  accountId: string;
  accountKey: string;
  flowId: string;
  sourceId: string;
  postingKey: string;
  destinationId: string | null;
  submitPath: string;
}

/** A buyer account with one flow, one source and (optionally) one destination step. */
export async function seedBuyer(
  prisma: PrismaClient,
  secretBox: SecretBox,
  options: {
    fields?: unknown;
    rules?: unknown;
    destination?: Partial<DestinationInput> & Pick<DestinationInput, "integration" | "name">;
  } = {},
): Promise<SeededBuyer> {
  const account = await createAccount(prisma, { name: "Buyer Co", plan: "partner" });
  const { key } = await issueAccountKey(prisma, account.id, "test");
  const flow = await createFlow(prisma, { accountId: account.id, name: "Test flow", fields: options.fields, rules: options.rules });
  const { source, postingKey } = await createSource(prisma, { flowId: flow.id, name: "Test source" });
  let destinationId: string | null = null;
  if (options.destination) {
    // A partner account's destination is attached to its one flow. Verification is skipped:
    // suites that test it call createDestination themselves.
    const saved = await createDestination(
      testDestinationDeps(prisma, secretBox, { timeoutMs: 1_000, publicUrl: "http://127.0.0.1" }),
      account.id,
      { settings: {}, ...options.destination },
      { verify: false },
    );
    if (!saved.ok) throw new Error(`seed destination invalid: ${JSON.stringify(saved.problems)}`);
    destinationId = saved.destination.id;
  }
  return {
    accountId: account.id,
    accountKey: key,
    flowId: flow.id,
    sourceId: source.id,
    postingKey,
    destinationId,
    submitPath: `/flows/${flow.id}/sources/${source.id}/submit`,
  };
}

/** What sets a seeded webhook apart: settings besides the url (format, headers), credentials (a signing secret). */
export interface WebhookOptions {
  settings?: Record<string, unknown>;
  credentials?: Record<string, string>;
}

/** A buyer (as seedBuyer) whose one destination is a webhook named "Hook" posting to `url`. */
export async function seedWebhookBuyer(
  prisma: PrismaClient,
  secretBox: SecretBox,
  url: string,
  webhook: WebhookOptions = {},
): Promise<SeededBuyer & { destinationId: string }> {
  const buyer = await seedBuyer(prisma, secretBox, {
    destination: { integration: "webhook", name: "Hook", settings: { url, ...webhook.settings }, credentials: webhook.credentials },
  });
  return { ...buyer, destinationId: buyer.destinationId! };
}
