import { z } from "@hono/zod-openapi";
import type { PageRequest } from "../core/paging/cursor-page.ts";

/** `?limit&cursor` on every list: newest first, `next_cursor` of one page is the `cursor` of the next. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: "Items per page (1–200, default 50)" }),
  cursor: z.uuid().optional().openapi({ description: "next_cursor of the previous page" }),
});

export function pageRequest(query: { limit: number; cursor?: string }): PageRequest {
  return { limit: query.limit, cursor: query.cursor };
}

/** A page of items under `key`, with the cursor of the next page (null on the last). */
export function pageSchema<K extends string, T extends z.ZodType>(key: K, item: T) {
  return z.object({ [key]: z.array(item), next_cursor: z.string().nullable() } as { [P in K]: z.ZodArray<T> } & {
    next_cursor: z.ZodNullable<z.ZodString>;
  });
}
