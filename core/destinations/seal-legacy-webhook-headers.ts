import type { SecretBox } from "../crypto/secret-box.ts";
import type { PrismaClient } from "../db/prisma.ts";
import { MASK_PREFIX, concealHeaders, headerCredentialName, isMaskedHeaderValue } from "../integrations/webhook/webhook-headers.ts";

/**
 * One-time data migration, run at start-up (it needs ENCRYPTION_KEY, which SQL migrations do
 * not have): webhook destinations saved before header values were sealed hold them in clear in
 * `settings.headers`; this moves them into the sealed credentials and leaves masks. Each row is
 * rewritten only if it is unchanged since it was read (a concurrent edit wins and seals them
 * itself). Until it has run, deliveries still send such values and reads still mask them.
 * Returns how many destinations it sealed.
 */
export async function sealLegacyWebhookHeaders(prisma: PrismaClient, secretBox: SecretBox): Promise<number> {
  const rows = await prisma.$queryRawUnsafe<{ id: string; settings: Record<string, unknown>; credentials: string | null }[]>(
    `SELECT id, settings, credentials FROM destinations
     WHERE integration = 'webhook' AND jsonb_typeof(settings->'headers') = 'object'
       AND EXISTS (SELECT 1 FROM jsonb_each(settings->'headers') AS h(name, value)
                   WHERE jsonb_typeof(h.value) = 'string' AND left(h.value #>> '{}', length($1)) <> $1)`,
    MASK_PREFIX,
  );
  let sealed = 0;
  for (const row of rows) {
    const headers = row.settings.headers as Record<string, unknown>;
    const plain = Object.entries(headers).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string" && !isMaskedHeaderValue(entry[1]),
    );
    if (!plain.length) continue;
    let credentials: Record<string, string>;
    try {
      credentials = row.credentials ? secretBox.openJson<Record<string, string>>(row.credentials) : {};
    } catch {
      continue; // sealed with a key no longer held: left as is (deliveries fail on it the same way)
    }
    const values: Record<string, string> = {};
    for (const [name, shown] of Object.entries(headers)) {
      const value = typeof shown === "string" && !isMaskedHeaderValue(shown) ? shown : credentials[headerCredentialName(name)];
      if (value !== undefined) values[name] = value;
    }
    const concealed = concealHeaders(values, credentials);
    const updated = await prisma.$executeRawUnsafe(
      `UPDATE destinations SET settings = $2::jsonb, credentials = $3
       WHERE id = $1::uuid AND settings = $4::jsonb AND credentials IS NOT DISTINCT FROM $5`,
      row.id,
      JSON.stringify({ ...row.settings, headers: concealed.headers }),
      secretBox.sealJson(concealed.credentials),
      JSON.stringify(row.settings),
      row.credentials,
    );
    sealed += updated;
  }
  return sealed;
}
