import { parseArgs } from "node:util";
import { z } from "zod";
import { signUpAccount } from "../core/accounts/sign-up-account.ts";
import { loadConfig } from "../core/config.ts";
import { createPrisma } from "../core/db/prisma.ts";
import { Refusal } from "../core/refusal.ts";
import { createDatabaseIfMissing, migrateDatabase } from "../prisma/migrate.ts";

/**
 * `npm run account -- create --name <company> --email <admin> [--admin-name <name>] [--plan paid]`:
 * an operator creates a company account (a seller, or a buyer that is not invited) with its
 * first admin and API key, without the demo. Prints what it did, then, last, one JSON line with
 * `account_id` and `account_api_key`. Exit codes: 0 created, 1 refused (duplicate) or failed, 2 bad arguments.
 */
const USAGE =
  "Usage: npm run account -- create --name <company> --email <admin email> [--admin-name <name>] [--plan paid]\n(plan partner, the default: one flow and one destination, enough for a seller; paid: any number)";

const createArgs = z.object({
  name: z
    .string({ error: "--name <company> is required" })
    .trim()
    .min(1, "--name must not be empty")
    .max(100, "--name is at most 100 characters")
    .refine((name) => !/\p{Cc}/u.test(name), "--name must not hold control characters"),
  email: z.email({ error: "--email must be an email address, e.g. sam@seller.example" }).max(254),
  "admin-name": z.string().trim().min(1).max(100).optional(),
  plan: z
    .enum(["paid", "partner"], { error: "--plan is paid (any number of flows and destinations) or partner (one of each, the default)" })
    .default("partner"),
});

function usageError(message: string): never {
  console.error(`error: ${message}\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: "string" },
      email: { type: "string" },
      "admin-name": { type: "string" },
      plan: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (error) {
  usageError((error as Error).message);
}
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [command, ...extra] = parsed.positionals;
if (command !== "create") usageError(command ? `unknown command "${command}"` : "a command is required");
if (extra.length) usageError(`unexpected argument "${extra[0]}"`);
const args = createArgs.safeParse({ ...parsed.values, email: parsed.values.email?.trim() });
if (!args.success) usageError(args.error.issues.map((issue) => issue.message).join("; "));

const config = loadConfig();
try {
  await createDatabaseIfMissing(config.DATABASE_URL);
  await migrateDatabase(config.DATABASE_URL);
} catch (error) {
  // The URL may hold a password: name only its host and database.
  const url = new URL(config.DATABASE_URL);
  console.error(`error: cannot use the database ${url.host}${url.pathname} (DATABASE_URL): ${(error as Error).message}`);
  process.exit(1);
}
const prisma = createPrisma(config.DATABASE_URL, 2);
try {
  const account = await signUpAccount(prisma, {
    name: args.data.name,
    adminEmail: args.data.email,
    adminName: args.data["admin-name"],
    plan: args.data.plan,
  });
  console.log(`Created the ${account.plan} account "${account.name}" (${account.accountId}) with admin ${account.adminEmail}.`);
  console.log(
    `Its API key is shown once, below. Try it: curl ${config.PUBLIC_URL}/accounts/me -H "Authorization: Bearer <account_api_key>"`,
  );
  console.log(
    `A seller invites a buyer: curl -X POST ${config.PUBLIC_URL}/invitations -H "Authorization: Bearer <account_api_key>" -H 'Content-Type: application/json' -d '{"email":"bea@buyer.example"}'`,
  );
  console.log(
    JSON.stringify({
      account_id: account.accountId,
      account_api_key: account.accountApiKey,
      name: account.name,
      plan: account.plan,
      admin_email: account.adminEmail,
    }),
  );
} catch (error) {
  if (!(error instanceof Refusal)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
