import { json } from "./openapi/json-content.ts";
import { errorSchema } from "./openapi-schemas.ts";

const DESCRIPTIONS = {
  400: "The request is not valid (invalid_request)",
  401: "Missing, invalid or revoked key (unauthorized)",
  403: "Not allowed (e.g. plan_limit, admin_required, seller_only)",
  404: "Not found in your account (not_found)",
  409: "Conflicts with the current state",
  410: "No longer usable (expired, revoked)",
  422: "Understood but refused (e.g. free_email_domain)",
  429: "Too many requests (rate_limited): retry after the Retry-After header's seconds",
  503: "Not configured on this server",
} as const;

type ErrorStatus = keyof typeof DESCRIPTIONS;

/** OpenAPI responses for the error statuses a route can answer, all with the one error body. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(statuses.map((status) => [status, json(errorSchema, DESCRIPTIONS[status])])) as {
    [K in S]: ReturnType<typeof json<typeof errorSchema>>;
  };
}
