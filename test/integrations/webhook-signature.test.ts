import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, isWebhookSecret, signWebhook } from "../../core/integrations/webhook/standard-webhook-signature.ts";

/**
 * Our webhook signatures checked by the Standard Webhooks reference library (`standardwebhooks`,
 * the verifier a buyer is pointed to): a receiver using it accepts what we send, and refuses a
 * changed body, id or timestamp, or a stale one.
 */
describe("webhook signatures verify with the Standard Webhooks library", () => {
  const body = JSON.stringify({ lead: { id: "01JLEAD", email: "ada@example.com" } });

  function headers(secret: string, id: string, timestamp: number, signedBody = body) {
    return {
      "webhook-id": id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signWebhook(secret, id, timestamp, signedBody),
    };
  }

  it("accepts what we sign, with a secret we generate", () => {
    const secret = generateWebhookSecret();
    expect(isWebhookSecret(secret)).toBe(true);
    const now = Math.floor(Date.now() / 1000);
    expect(new Webhook(secret).verify(body, headers(secret, "01JDELIVERY", now))).toEqual(JSON.parse(body));
    // Byte for byte what the library itself would sign.
    expect(headers(secret, "01JDELIVERY", now)["webhook-signature"]).toBe(
      new Webhook(secret).sign("01JDELIVERY", new Date(now * 1000), body),
    );
  });

  it("is refused for another body, id, secret, or a timestamp older than five minutes", () => {
    const secret = generateWebhookSecret();
    const now = Math.floor(Date.now() / 1000);
    const verifier = new Webhook(secret);
    expect(() => verifier.verify(`${body} `, headers(secret, "01JDELIVERY", now))).toThrow(WebhookVerificationError);
    expect(() => verifier.verify(body, { ...headers(secret, "01JDELIVERY", now), "webhook-id": "01JOTHER" })).toThrow(
      WebhookVerificationError,
    );
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers(secret, "01JDELIVERY", now))).toThrow(WebhookVerificationError);
    expect(() => verifier.verify(body, headers(secret, "01JDELIVERY", now - 600))).toThrow(/too old/i);
  });
});
