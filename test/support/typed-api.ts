import { hc, type ClientResponse } from "hono/client";
import type { ApiRoutes } from "../../server/api-routes.ts";

/**
 * A client of the JSON API typed from the server's own routes (server/api-routes.ts): paths,
 * parameters, bodies and the answer of each status are checked by tsc, so a suite does not
 * re-declare response shapes. `fetchImpl` lets the same client talk over real HTTP (a running
 * service's url) or in-process (a fetch built on `app.request`).
 *
 *   const api = typedApi(service.url, account.accountKey);
 *   const flow = await expectStatus(api.flows[":id"].$get({ param: { id } }), 200);
 */
export function typedApi(baseUrl: string, key?: string, fetchImpl: typeof fetch = fetch) {
  // JSON answers: routes that also serve a page (submission docs) choose by Accept.
  const headers: Record<string, string> = { accept: "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) };
  return hc<ApiRoutes>(baseUrl, { fetch: fetchImpl, headers });
}

export type TypedApi = ReturnType<typeof typedApi>;

type AnyClientResponse = ClientResponse<unknown, number, string>;

/**
 * The body a route documents for `status`; unknown for a status its type does not list (the 401
 * that server/create-router.ts documents for every account-key route is added at run time).
 */
type BodyOf<R, S extends number> = [Extract<R, { status: S }>] extends [never]
  ? unknown
  : Extract<R, { status: S }> extends { json(): Promise<infer B> }
    ? B
    : unknown;

/**
 * Awaits an answer, fails (showing the body) unless it has `status`, and returns its JSON body
 * typed as the route documents that status (null for an empty body).
 */
export async function expectStatus<R extends AnyClientResponse, S extends number>(answer: Promise<R>, status: S): Promise<BodyOf<R, S>> {
  const res = await answer;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${await res.text()}`);
  // A 204 has no body: read the text so that an empty one is not a JSON error.
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as BodyOf<R, S>;
}
