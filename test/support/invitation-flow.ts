import type { ApiClient, ApiResponse } from "./api-client.ts";
import { TEST_IDENTITY_API_KEY } from "./test-config.ts";

export interface SentInvitationBody {
  id: string;
  email: string;
  fields: string[];
  status: string;
  accept_url: string;
  email_sent: boolean;
  email_detail: string;
  connection_id: string | null;
}

export interface AcceptedBody {
  created: boolean;
  connection: { id: string; status: string; role: string; flow_id: string; source_id: string; seller_account: { id: string; name: string }; buyer_account: { id: string; name: string } };
  account: { id: string; name: string; plan: string; email_domain: string | null; created: boolean };
  user: { id: string; email: string; name: string | null };
  account_api_key: string | null;
  needs_destination: boolean;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

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
