import type { z } from "zod";
import type { FieldMapping } from "../mappings/field-mapping.ts";
import type { OutboundGuard } from "../outbound/outbound-guard.ts";

/**
 * The contract every destination integration implements (one folder per integration under
 * core/integrations/<id>/). The registry lists them to the API and the Slack bot; the delivery
 * worker calls `deliver`, configuration-time checks call `verify`.
 */

/** A credential input the buyer fills in (rendered as a private modal input / write-only API field). */
export interface CredentialField {
  name: string;
  label: string;
  /** Secrets are sealed at rest, masked on read and never echoed. */
  secret: boolean;
  optional?: boolean;
  hint?: string;
  /** Filled in by the OAuth authorization (not typed by the buyer): a destination may be saved
   *  without it, and then waits for the authorization before it delivers. */
  obtainedByOAuth?: boolean;
}

export interface AuthMethod {
  id: string;
  label: string;
  fields: CredentialField[];
}

export interface IntegrationAction {
  id: string;
  label: string;
}

/** A field the destination system knows, e.g. HubSpot `firstname`, Salesforce `Company`. */
export interface DestinationField {
  name: string;
  label: string;
  required: boolean;
}

/** Base URLs of the outside APIs (configurable so tests point them at local fakes), trusted as the
 *  operator set them, and the guard every request to a tenant- or remote-chosen host goes through. */
export interface IntegrationEndpoints {
  hubspotApiUrl: string;
  salesforceLoginUrl: string;
  outbound: OutboundGuard;
}

export interface DestinationConfig<Settings = Record<string, unknown>> {
  id: string;
  name: string;
  action: string;
  authMethod: string | null;
  settings: Settings;
  mappings: FieldMapping[];
}

export interface IntegrationContext<Settings = Record<string, unknown>> {
  destination: DestinationConfig<Settings>;
  /** Decrypted credentials; exist only in the worker's memory for the duration of the call. */
  credentials: Record<string, string>;
  endpoints: IntegrationEndpoints;
  timeoutMs: number;
  /** Persist refreshed credentials (e.g. a new OAuth access token); sealed before storage. */
  saveCredentials(credentials: Record<string, string>): Promise<void>;
}

export interface DeliveryRequest {
  /** Stable per (lead, destination): use it as the idempotency key (webhook-id, external id). */
  deliveryId: string;
  leadId: string;
  isTest: boolean;
  /** The lead after outbound field mapping: destination field name -> value. */
  mapped: Record<string, unknown>;
  attempt: number;
}

/** What was sent and received, already redacted (no credentials, no auth headers). */
export interface ExchangeSnapshot {
  request?: { method: string; url: string; headers?: Record<string, string>; body?: unknown };
  response?: { status: number; headers?: Record<string, string>; body?: unknown };
  error?: string;
  /** The attempt's typed cause, stored with the attempt event (set by decideDelivery). */
  cause?: DeliveryCause;
}

/**
 * Why an attempt did not deliver, as a type (never re-parsed from the reason text): what the
 * alerts and the bot choose their buttons from, and what collapses parked repeats.
 */
export const DELIVERY_CAUSES = [
  "credentials",
  "mappings",
  "configuration",
  "rate_limited",
  "destination_error",
  "network",
  "destination_unhealthy",
  "destination_disabled",
] as const;
export type DeliveryCause = (typeof DELIVERY_CAUSES)[number];

export type DeliveryResult =
  | {
      outcome: "success";
      recordId?: string;
      /** Human summary, e.g. "HubSpot contact 512 created". */
      summary?: string;
      snapshot: ExchangeSnapshot;
    }
  | {
      outcome: "failure" | "error";
      /** Short, fixed, PII-free: "Invalid API Key", "Missing required field: Company", "Timeout". */
      reason: string;
      /** What the buyer does about it, when they can: "Re-enter your HubSpot access token". */
      fix?: string;
      /** retry: transient, try again (honour retryAfterMs). stop: permanent for this lead.
       *  auth: credentials are bad; stop and mark the destination unhealthy until fixed.
       *  disable: the destination told us to stop sending (webhook 410). */
      disposition: "retry" | "stop" | "auth" | "disable";
      /** Set when the integration knows better than its disposition (deliveryCause() derives the rest). */
      cause?: DeliveryCause;
      retryAfterMs?: number;
      recordId?: string;
      snapshot: ExchangeSnapshot;
    };

export interface VerifyProblem {
  /** Which input the problem belongs to: a credential field name, "settings.<key>", "mappings", or "destination". */
  field: string;
  message: string;
}

export type VerifyResult = { ok: true; summary?: string } | { ok: false; problems: VerifyProblem[] };

export interface Integration<Settings extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  name: string;
  description: string;
  authMethods: AuthMethod[];
  actions: IntegrationAction[];
  settingsSchema: z.ZodType<Settings>;
  fields: DestinationField[];
  defaultMappings: FieldMapping[];
  /**
   * Settings that are secrets (webhook header values). `reveal`: before checks, masked values
   * are replaced by the stored ones from the credentials. `conceal`: before storing, the values
   * move into the credentials (sealed) and the settings keep masks. `mask`: on read.
   */
  secretSettings?: {
    reveal(
      settings: Record<string, unknown>,
      credentials: Record<string, string>,
    ): { settings: Record<string, unknown>; problems: VerifyProblem[] };
    conceal(
      settings: Record<string, unknown>,
      credentials: Record<string, string>,
    ): { settings: Record<string, unknown>; credentials: Record<string, string> };
    mask(settings: unknown): unknown;
  };
  /** Save-time checks of the hosts the destination will call, without any network (the connect-time guard is the real one). */
  preflight?(input: {
    settings: Settings;
    authMethod: string | null;
    credentials: Record<string, string>;
    outbound: OutboundGuard;
  }): VerifyProblem[];
  verify(context: IntegrationContext<Settings>): Promise<VerifyResult>;
  deliver(context: IntegrationContext<Settings>, request: DeliveryRequest): Promise<DeliveryResult>;
}
