import { z } from "@hono/zod-openapi";
import { isId } from "../core/ids.ts";

/**
 * A path parameter that names a row: a UUID. Anything else (`x`, `..%2F`, 5,000 characters)
 * fails validation, which the app's validation hook answers 404 not_found, as for an unknown id.
 */
export const idParam = z.string().refine(isId, "not a valid id").openapi({ format: "uuid" });

/** `{id}` */
export const idParams = z.object({ id: idParam });
