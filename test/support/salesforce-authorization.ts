import { expect } from "vitest";
import { SALESFORCE_DEFAULT_CLIENT } from "../fakes/salesforce.ts";
import { expectStatus, type TypedApi } from "./typed-api.ts";

/**
 * Saves a Salesforce destination that signs in with OAuth (the fake Salesforce's connected app)
 * through the API, as a buyer does before "Authorize in Salesforce", and starts its
 * authorization. Returns the destination as saved (awaiting authorization) and the Authorize
 * link, which is our start page.
 */
export async function startSalesforceAuthorization(api: TypedApi, name: string) {
  const destination = await expectStatus(
    api.destinations.$post({
      json: {
        integration: "salesforce",
        name,
        auth_method: "oauth",
        action: "create-lead",
        credentials: { clientId: SALESFORCE_DEFAULT_CLIENT.clientId, clientSecret: SALESFORCE_DEFAULT_CLIENT.clientSecret },
      },
    }),
    201,
  );
  const started = await expectStatus(api.destinations[":id"].salesforce.authorize.$post({ param: { id: destination.id } }), 200);
  const authorizeUrl = new URL(started.authorize_url);
  expect(authorizeUrl.pathname).toBe("/oauth/salesforce/start");
  return { destination, authorizeUrl: authorizeUrl.toString() };
}
