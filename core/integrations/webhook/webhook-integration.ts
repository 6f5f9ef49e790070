import { z } from "zod";
import { STANDARD_FIELDS } from "../../leads/standard-fields.ts";
import { parseRetryAfter } from "../../deliveries/retry-schedule.ts";
import { exchangeSnapshot, httpExchange, type HttpExchangeRequest } from "../http-exchange.ts";
import type { DeliveryResult, Integration, VerifyResult } from "../integration.ts";
import { isWebhookSecret, signWebhook } from "./standard-webhook-signature.ts";
import { endpointReasonCause } from "./endpoint-reason-cause.ts";
import { concealHeaders, headerValues, maskHeaders, revealHeaders, webhookHeadersSchema } from "./webhook-headers.ts";

/**
 * Webhook destination: POSTs the mapped lead as JSON or form to the buyer's URL, signed per
 * Standard Webhooks. 2xx is success unless a JSON body says `"outcome":"failure"`; 410 disables
 * the destination; 408, 429, 5xx and transport errors are retried; other 4xx fail for good.
 * The URL is tenant-chosen: every request goes through the outbound guard (a refused address is
 * a permanent failure, "Destination address not allowed"). Header values are sealed credentials
 * (see webhook-headers.ts).
 */
export const webhookSettingsSchema = z.object({
  url: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .refine((url) => !/^[a-z]+:\/\/[^/?#]*@/i.test(url), "must not contain a user name or password (put credentials in a header)"),
  format: z.enum(["json", "form"]).default("json"),
  headers: webhookHeadersSchema.default({}),
});
export type WebhookSettings = z.infer<typeof webhookSettingsSchema>;

const RETRYABLE_STATUSES = new Set([408, 425, 429]);

export const webhookIntegration: Integration<WebhookSettings> = {
  id: "webhook",
  name: "Webhook",
  description: "POST each lead as JSON or form data to any HTTPS endpoint, signed with Standard Webhooks.",
  authMethods: [
    {
      id: "signing-secret",
      label: "Signing secret (Standard Webhooks)",
      fields: [
        {
          name: "signingSecret",
          label: "Signing secret (whsec_…)",
          secret: true,
          optional: true,
          hint: "Verify the webhook-signature header with it. Leave empty to send unsigned.",
        },
      ],
    },
  ],
  actions: [{ id: "post", label: "Send the lead" }],
  settingsSchema: webhookSettingsSchema,
  fields: [],
  defaultMappings: STANDARD_FIELDS.map((field) => ({ to: field.name, template: `{{lead.${field.name}}}` })),

  secretSettings: {
    reveal(settings, credentials) {
      const revealed = revealHeaders(settings.headers, credentials);
      return {
        settings: settings.headers === undefined ? settings : { ...settings, headers: revealed.headers },
        problems: revealed.problems.map((p) => ({ field: `settings.headers.${p.name}`, message: p.message })),
      };
    },
    conceal(settings, credentials) {
      const concealed = concealHeaders((settings.headers ?? {}) as Record<string, string>, credentials);
      return { settings: { ...settings, headers: concealed.headers }, credentials: concealed.credentials };
    },
    mask(settings) {
      if (typeof settings !== "object" || settings === null || !("headers" in settings)) return settings;
      return { ...settings, headers: maskHeaders((settings as { headers: unknown }).headers) };
    },
  },

  preflight({ settings, outbound }) {
    const problem = outbound.urlProblem(settings.url);
    return problem ? [{ field: "settings.url", message: problem }] : [];
  },

  async verify(context): Promise<VerifyResult> {
    const secret = context.credentials.signingSecret;
    if (secret && !isWebhookSecret(secret)) {
      return { ok: false, problems: [{ field: "signingSecret", message: "A signing secret starts with whsec_ followed by base64" }] };
    }
    const result = await httpExchange({
      method: "HEAD",
      url: context.destination.settings.url,
      timeoutMs: context.timeoutMs,
      guard: context.endpoints.outbound,
    });
    if (result.kind === "blocked") return { ok: false, problems: [{ field: "settings.url", message: result.message }] };
    if (result.kind !== "response") {
      return {
        ok: false,
        problems: [{ field: "settings.url", message: `Cannot reach ${new URL(context.destination.settings.url).host}: ${result.message}` }],
      };
    }
    return { ok: true, summary: `Reached ${new URL(context.destination.settings.url).host}` };
  },

  async deliver(context, request): Promise<DeliveryResult> {
    const { settings } = context.destination;
    const body =
      settings.format === "json"
        ? JSON.stringify(request.mapped)
        : new URLSearchParams(Object.entries(request.mapped).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      ...headerValues(settings.headers, context.credentials),
      "content-type": settings.format === "json" ? "application/json" : "application/x-www-form-urlencoded",
      "user-agent": "leadrelay-webhook/1",
      "webhook-id": request.deliveryId,
      "webhook-timestamp": String(timestamp),
    };
    const secret = context.credentials.signingSecret;
    if (secret) headers["webhook-signature"] = signWebhook(secret, request.deliveryId, timestamp, body);

    const exchange: HttpExchangeRequest = {
      method: "POST",
      url: settings.url,
      headers,
      body,
      timeoutMs: context.timeoutMs,
      guard: context.endpoints.outbound,
    };
    const result = await httpExchange(exchange);
    const snapshot = exchangeSnapshot(exchange, result, request.mapped);

    if (result.kind === "blocked") {
      return { outcome: "failure", reason: result.message, fix: "Point the webhook at a public address", disposition: "stop", snapshot };
    }
    if (result.kind !== "response") {
      return { outcome: "error", reason: result.kind === "timeout" ? "Timeout" : result.message, disposition: "retry", snapshot };
    }

    const { status } = result;
    if (status >= 200 && status < 300) {
      const answer = result.json as { outcome?: unknown; reason?: unknown; id?: unknown } | undefined;
      if (answer && typeof answer === "object" && answer.outcome === "failure") {
        const reason = typeof answer.reason === "string" && answer.reason ? answer.reason.slice(0, 200) : "Rejected by the endpoint";
        return { outcome: "failure", reason, cause: endpointReasonCause(reason), disposition: "stop", snapshot };
      }
      const recordId =
        answer && typeof answer === "object" && (typeof answer.id === "string" || typeof answer.id === "number")
          ? String(answer.id)
          : undefined;
      return { outcome: "success", recordId, summary: `Webhook answered ${status}`, snapshot };
    }
    if (status === 410) {
      return {
        outcome: "failure",
        reason: "Endpoint gone (HTTP 410)",
        fix: "The endpoint asked us to stop; update the webhook URL to resume.",
        disposition: "disable",
        snapshot,
      };
    }
    if (status >= 500 || RETRYABLE_STATUSES.has(status)) {
      const retryAfterMs = parseRetryAfter(result.headers.get("retry-after"));
      return {
        outcome: "error",
        reason: status === 429 ? "Rate limited" : `Server error (HTTP ${status})`,
        disposition: "retry",
        retryAfterMs,
        snapshot,
      };
    }
    return { outcome: "failure", reason: `Rejected (HTTP ${status})`, disposition: "stop", snapshot };
  },
};
