import type { z } from "@hono/zod-openapi";
import type { InferResponseType } from "hono/client";
import type { errorSchema } from "../../server/openapi-schemas.ts";
import type { ApiClient, ApiResponse } from "./api-client.ts";
import type { TypedApi } from "./typed-api.ts";
import { TEST_IDENTITY_API_KEY } from "./test-config.ts";

/** What the API answers (types from the server's routes, server/api-routes.ts, not re-declared here). */
export type SentInvitationBody = InferResponseType<TypedApi["invitations"]["$post"], 201>;
/** An accepted invitation's connection always has its flow and source (a connection in general may not). */
export type AcceptedBody = InferResponseType<TypedApi["invitations"][":token"]["accept"]["$post"], 201> & {
  connection: { flow_id: string; source_id: string };
};
export type ErrorBody = z.infer<typeof errorSchema>;

export function tokenOf(acceptUrl: string): string {
  return new URL(acceptUrl).pathname.split("/").at(-1)!;
}

/** The seller (its client's key) invites an email; returns the invitation and its token. */
export async function invite(seller: ApiClient, email: string, extra: Record<string, unknown> = {}) {
  const res = await seller.post<SentInvitationBody>("/invitations", { email, ...extra });
  if (res.status !== 201 && res.status !== 200) throw new Error(`invite failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, token: tokenOf(res.body.accept_url) };
}

/** The trusted identity provider accepts for a verified person. */
export function accept<T = AcceptedBody>(client: ApiClient, token: string, body: Record<string, unknown>): Promise<ApiResponse<T>> {
  return client.as(TEST_IDENTITY_API_KEY).post<T>(`/invitations/${token}/accept`, body);
}
