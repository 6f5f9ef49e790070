import { z } from "@hono/zod-openapi";
import { accountRefSchema } from "../accounts/account-schemas.ts";

export const connectionSchema = z
  .object({
    id: z.string(),
    status: z.enum(["active", "paused", "ended"]),
    role: z.enum(["seller", "buyer"]).openapi({ description: "Which side of the connection your account is" }),
    seller_account: accountRefSchema,
    buyer_account: accountRefSchema,
    invitation_id: z.string().nullable(),
    flow_id: z.string().nullable().openapi({ description: "The buyer's flow the seller posts into" }),
    source_id: z.string().nullable().openapi({ description: "The seller's Account Source in that flow" }),
    submit_url: z.string().nullable().openapi({ description: "Where the seller posts leads (key: POST /connections/{id}/posting-key)" }),
    docs_url: z.string().nullable().openapi({ description: "Submission docs for the seller (fields, rules, curl example)" }),
    posting_key_hint: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Connection");
