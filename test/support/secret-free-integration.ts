import { expect } from "vitest";
import type {
  DeliveryRequest,
  DeliveryResult,
  Integration,
  IntegrationContext,
  VerifyResult,
} from "../../core/integrations/integration.ts";

/**
 * An integration's verify and deliver as its suite calls them: every result (stored as an
 * attempt's snapshot, shown to people) is checked to carry none of the suite's secrets, read
 * when checked (a suite may learn new ones, e.g. refreshed tokens).
 */
export function secretFreeIntegration<Settings extends Record<string, unknown>>(
  integration: Integration<Settings>,
  secrets: Iterable<string>,
) {
  function expectNoSecrets(value: unknown): void {
    const text = JSON.stringify(value);
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
  return {
    expectNoSecrets,
    async verify(context: IntegrationContext<Settings>): Promise<VerifyResult> {
      const result = await integration.verify(context);
      expectNoSecrets(result);
      return result;
    },
    async deliver(context: IntegrationContext<Settings>, request: DeliveryRequest): Promise<DeliveryResult> {
      const result = await integration.deliver(context, request);
      expectNoSecrets(result);
      return result;
    },
  };
}
