import type { DeliveryCause } from "../integration.ts";

const CREDENTIAL_WORDS = /\b(api key|credentials?|token|auth\w*|unauthori[sz]ed|forbidden|password|permission)\b/i;
const MAPPING_WORDS = /\b(required field|missing field|mapping|invalid (email|option|value)|read-only)\b/i;

/**
 * A webhook endpoint that answers `{"outcome":"failure","reason":…}` gives only words: they are
 * classified once, here where the outcome is made, into the typed cause that travels with it
 * (alerts and the bot choose their buttons from the cause, never from the text).
 */
export function endpointReasonCause(reason: string): DeliveryCause {
  if (CREDENTIAL_WORDS.test(reason)) return "credentials";
  if (MAPPING_WORDS.test(reason)) return "mappings";
  return "destination_error";
}
