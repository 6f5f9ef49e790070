import { z } from "@hono/zod-openapi";

/** A name people see (account, key, flow, source): trimmed, 1–100 characters, no control characters. */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((name) => !/\p{Cc}/u.test(name), "No control characters");

export const emailSchema = z.email().max(254).openapi({ example: "ada@buyer.example" });

export const emailDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "A domain such as acme.com");

export const accountSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    plan: z.enum(["partner", "paid"]),
    email_domain: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("Account");

export const accountRefSchema = z.object({ id: z.string(), name: z.string() }).openapi("AccountRef");
