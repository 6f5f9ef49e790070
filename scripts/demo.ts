import { randomBytes } from "node:crypto";
import { runsNoDeliveries } from "../core/intake/delivery-dispatcher.ts";
import { nothingCachedYet } from "../core/intake/source-context-changes.ts";
import { parseArgs } from "node:util";
import { loadConfig } from "../core/config.ts";
import { ensureDevEncryptionKey } from "../core/crypto/dev-encryption-key.ts";
import { SecretBox } from "../core/crypto/secret-box.ts";
import { createPrisma } from "../core/db/prisma.ts";
import { createDestination } from "../core/destinations/save-destination.ts";
import { integrationEndpointsFromConfig } from "../core/integrations/integration-endpoints.ts";
import { DESTINATION_NOT_ALLOWED } from "../core/outbound/outbound-guard.ts";
import { onboardInvitedBuyer } from "../core/partners/onboard-invited-buyer.ts";
import { createDatabaseIfMissing, migrateDatabase } from "../prisma/migrate.ts";

/**
 * `npm run demo -- --webhook <url>`: the invited-partner journey in one go, through the same
 * functions the API and the Slack bot use: a seller invites a buyer, the buyer accepts (a new
 * partner account with its flow; the seller becomes its Account Source), and the buyer's
 * destination is a webhook to <url>. The last line printed is one JSON object with the URL and
 * keys to post a lead and read its events. A webhook on this machine (or a private network) is
 * refused unless OUTBOUND_ALLOWED_NETWORKS opens it, here and in the service that delivers.
 */
const { values } = parseArgs({ options: { webhook: { type: "string" } } });
ensureDevEncryptionKey(process.env);
const config = loadConfig();
await createDatabaseIfMissing(config.DATABASE_URL);
await migrateDatabase(config.DATABASE_URL);
const prisma = createPrisma(config.DATABASE_URL, 2);
const secretBox = new SecretBox(config.ENCRYPTION_KEY!);

// Each run gets its own company domain, so runs never collide on an already-claimed domain.
const run = randomBytes(3).toString("hex");
const onboarding = await onboardInvitedBuyer(prisma, secretBox, {
  publicUrl: config.PUBLIC_URL,
  seller: { name: "Demo Seller", adminEmail: `seller@seller-${run}.example`, adminName: "Sam Seller" },
  buyer: { email: `buyer@buyer-${run}.example`, name: "Bea Buyer", company: "Demo Buyer" },
  fields: ["first_name", "last_name", "email", "phone_1"],
});

let destinationId: string | null = null;
if (values.webhook) {
  const saved = await createDestination(
    {
      prisma,
      secretBox,
      endpoints: integrationEndpointsFromConfig(config),
      timeoutMs: 5_000,
      publicUrl: config.PUBLIC_URL,
      sourceChanges: nothingCachedYet,
      dispatcher: runsNoDeliveries,
    },
    onboarding.buyer.accountId,
    { integration: "webhook", name: "Demo webhook", settings: { url: values.webhook } },
    { verify: false },
  );
  if (!saved.ok) {
    const refused = saved.problems.some((p) => p.message === DESTINATION_NOT_ALLOWED);
    throw new Error(
      saved.problems.map((p) => `${p.field}: ${p.message}`).join("; ") +
        (refused
          ? " (a webhook on this machine or a private network: set OUTBOUND_ALLOWED_NETWORKS, e.g. 127.0.0.0/8,::1/128, for this command AND for npm start)"
          : ""),
    );
  }
  destinationId = saved.destination.id;
} else {
  console.log("No --webhook <url> given: leads are accepted and recorded, but not delivered anywhere.");
}
await prisma.$disconnect();

console.log(
  `Post a lead:  curl -X POST '${onboarding.submitUrl}' -H 'Authorization: Bearer ${onboarding.postingKey}' -H 'Content-Type: application/json' -d '{"first_name":"Ada","email":"ada@example.com","is_test":true}'`,
);
console.log(`Read events:  curl '${config.PUBLIC_URL}/events' -H 'Authorization: Bearer ${onboarding.buyer.accountApiKey}'`);
console.log(`Seller docs:  ${onboarding.docsUrl}`);
console.log(
  JSON.stringify({
    submit_url: onboarding.submitUrl,
    api_key: onboarding.postingKey,
    account_api_key: onboarding.buyer.accountApiKey,
    seller_account_api_key: onboarding.seller.accountApiKey,
    docs_url: onboarding.docsUrl,
    flow_id: onboarding.flowId,
    source_id: onboarding.sourceId,
    connection_id: onboarding.connection.id,
    destination_id: destinationId,
  }),
);
