import type { Db } from "../db/prisma.ts";
import { newId } from "../ids.ts";
import { normaliseEmail } from "./email-address.ts";

export interface Identity {
  email: string;
  name?: string | null;
}

/**
 * The user with this email (compared case-insensitively), created if there is none; a missing
 * name is filled in. Safe under concurrency: two callers with one new email get one user.
 */
export async function findOrCreateUser(db: Db, identity: Identity) {
  const email = normaliseEmail(identity.email);
  const name = identity.name?.trim() || null;
  const existing = await findUserByEmail(db, email);
  if (existing) {
    if (!existing.name && name) return db.user.update({ where: { id: existing.id }, data: { name } });
    return existing;
  }
  const [row] = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO users (id, email, name) VALUES (${newId()}::uuid, ${email}, ${name})
    ON CONFLICT (email) DO UPDATE SET name = COALESCE(users.name, EXCLUDED.name)
    RETURNING id`;
  return db.user.findUniqueOrThrow({ where: { id: row!.id } });
}

/** The user with this email, if any (case-insensitive). */
export async function findUserByEmail(db: Db, email: string) {
  return db.user.findFirst({ where: { email: { equals: normaliseEmail(email), mode: "insensitive" } }, orderBy: { createdAt: "asc" } });
}
