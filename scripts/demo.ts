import { parseArgs } from "node:util";
import { createAccount } from "../core/accounts/create-account.ts";
import { issueAccountKey } from "../core/accounts/issue-account-key.ts";
import { loadConfig } from "../core/config.ts";
import { ensureDevEncryptionKey } from "../core/crypto/dev-encryption-key.ts";
import { SecretBox } from "../core/crypto/secret-box.ts";
import { createPrisma } from "../core/db/prisma.ts";
import { createDestination } from "../core/destinations/save-destination.ts";
import { createFlow } from "../core/flows/create-flow.ts";
import { newId } from "../core/ids.ts";
import { createSource, submitUrl } from "../core/sources/create-source.ts";
import { createDatabaseIfMissing, migrateDatabase } from "../prisma/migrate.ts";

/**
 * `npm run demo -- --webhook <url>`: a demo seller and buyer, connected, with a flow, the
 * seller's source and a webhook destination. The last line printed is one JSON object with
 * the URL and keys to post a lead and read its events.
 */
const { values } = parseArgs({ options: { webhook: { type: "string" } } });
ensureDevEncryptionKey(process.env);
const config = loadConfig();
await createDatabaseIfMissing(config.DATABASE_URL);
await migrateDatabase(config.DATABASE_URL);
const prisma = createPrisma(config.DATABASE_URL, 2);
const secretBox = new SecretBox(config.ENCRYPTION_KEY!);

const seller = await createAccount(prisma, { name: "Demo Seller", plan: "paid" });
const buyer = await createAccount(prisma, { name: "Demo Buyer", plan: "partner" });
const sellerKey = await issueAccountKey(prisma, seller.id, "demo");
const buyerKey = await issueAccountKey(prisma, buyer.id, "demo");
const flow = await createFlow(prisma, { accountId: buyer.id, name: "Demo flow", fields: [{ name: "email", required: true }] });
const { source, postingKey } = await createSource(prisma, { flowId: flow.id, name: "Demo Seller", sellerAccountId: seller.id });
await prisma.connection.create({
  data: { id: newId(), sellerAccountId: seller.id, buyerAccountId: buyer.id, flowId: flow.id, sourceId: source.id },
});
let destinationId: string | null = null;
if (values.webhook) {
  const saved = await createDestination(
    { prisma, secretBox, endpoints: { hubspotApiUrl: config.HUBSPOT_API_URL, salesforceLoginUrl: config.SALESFORCE_LOGIN_URL }, timeoutMs: 5_000, publicUrl: config.PUBLIC_URL },
    buyer.id,
    { integration: "webhook", name: "Demo webhook", settings: { url: values.webhook } },
    { verify: false },
  );
  if (!saved.ok) throw new Error(saved.problems.map((p) => `${p.field}: ${p.message}`).join("; "));
  destinationId = saved.destination.id;
} else {
  console.log("No --webhook <url> given: leads are accepted and recorded, but not delivered anywhere.");
}
await prisma.$disconnect();

const url = submitUrl(config.PUBLIC_URL, flow.id, source.id);
console.log(`Post a lead:  curl -X POST '${url}' -H 'Authorization: Bearer ${postingKey}' -H 'Content-Type: application/json' -d '{"first_name":"Ada","email":"ada@example.com","is_test":true}'`);
console.log(`Read events:  curl '${config.PUBLIC_URL}/events' -H 'Authorization: Bearer ${buyerKey.key}'`);
console.log(
  JSON.stringify({
    submit_url: url,
    api_key: postingKey,
    account_api_key: buyerKey.key,
    seller_account_api_key: sellerKey.key,
    flow_id: flow.id,
    source_id: source.id,
    destination_id: destinationId,
  }),
);
