import { exchangeSnapshot, httpExchange, type HttpExchangeRequest, type HttpExchangeResult } from "../http-exchange.ts";
import type { ExchangeSnapshot, IntegrationContext } from "../integration.ts";

/**
 * One authenticated call to the HubSpot API (`context.endpoints.hubspotApiUrl`) with the private
 * app token as `Authorization: Bearer`. The snapshot is redacted by `exchangeSnapshot`: the
 * Authorization header never keeps its value.
 */
export interface HubSpotCall {
  result: HttpExchangeResult;
  snapshot: ExchangeSnapshot;
}

export async function callHubSpot(
  context: Pick<IntegrationContext, "credentials" | "endpoints" | "timeoutMs">,
  method: HttpExchangeRequest["method"],
  path: string,
  body?: unknown,
): Promise<HubSpotCall> {
  const exchange: HttpExchangeRequest = {
    method,
    url: `${context.endpoints.hubspotApiUrl.replace(/\/+$/, "")}${path}`,
    headers: {
      authorization: `Bearer ${context.credentials.accessToken ?? ""}`,
      accept: "application/json",
      "user-agent": "leadrelay-hubspot/1",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    timeoutMs: context.timeoutMs,
  };
  const result = await httpExchange(exchange);
  return { result, snapshot: exchangeSnapshot(exchange, result, body) };
}
