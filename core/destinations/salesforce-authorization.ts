import { createHash, randomBytes } from "node:crypto";
import { authorizationUrl, exchangeAuthorizationCode } from "../integrations/salesforce/salesforce-oauth.ts";
import { notFound, Refusal } from "../refusal.ts";
import type { DestinationDeps } from "./destination-deps.ts";
import { updateDestination, type SaveDestinationResult } from "./save-destination.ts";

/**
 * The browser half of a Salesforce OAuth destination, in three steps:
 *
 * 1. `startSalesforceAuthorization` (the API's `POST /destinations/{id}/salesforce/authorize`, the
 *    Slack bot's "Authorize in Salesforce" button) hands out a link to OUR start page. The link
 *    names the destination, sealed with the encryption key, and expires after 15 minutes.
 * 2. `beginSalesforceAuthorization` (`GET /oauth/salesforce/start`) runs in the buyer's browser:
 *    it makes a random single-use `state` and a PKCE code verifier, keeps them server-side
 *    (AuthorizationStates) bound to a secret in an HttpOnly cookie it sets on that browser, and
 *    sends the browser to Salesforce with the state and the S256 code challenge.
 * 3. `completeSalesforceAuthorization` (`GET /oauth/salesforce/callback`) consumes the state
 *    atomically, only with the cookie of the browser that started it, and exchanges the code with
 *    the verifier. A replayed state, or a callback from another browser, is refused before any
 *    token exchange.
 */
const LINK_TTL_MS = 15 * 60_000;
const STATE_TTL_MS = 15 * 60_000;

/**
 * Where in Slack the authorization was asked from (the open modal, the person), so the callback
 * can carry the conversation on: sealed inside the link, so nobody can point it at another view.
 */
export interface AuthorizationOrigin {
  teamId: string;
  slackUserId: string;
  /** The modal that shows "Authorize in Salesforce"; updated to the next step when it is still open. */
  viewId?: string | null;
}

interface AuthorizationLink {
  accountId: string;
  destinationId: string;
  expires: number;
  origin?: AuthorizationOrigin;
}

/** What the start step keeps server-side under the hash of the state. */
export interface PendingAuthorization {
  accountId: string;
  destinationId: string;
  /** SHA-256 of the browser cookie's secret. */
  browserHash: string;
  /** The PKCE code verifier, sealed. */
  codeVerifierSealed: string;
  origin?: AuthorizationOrigin;
}

export type ConsumedAuthorization =
  { ok: true; pending: PendingAuthorization } | { ok: false; reason: "unknown" | "used" | "other_browser" };

/** Server-side, single-use OAuth states (Redis in production: server/destinations/redis-authorization-states.ts). */
export interface AuthorizationStates {
  save(stateHash: string, pending: PendingAuthorization, ttlMs: number): Promise<void>;
  /** Atomically removes the state when `browserHash` matches; a used state is remembered as used for a while. */
  consume(stateHash: string, browserHash: string): Promise<ConsumedAuthorization>;
}

export function salesforceCallbackUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/$/, "")}/oauth/salesforce/callback`;
}

export function salesforceStartUrl(publicUrl: string, link: string): string {
  return `${publicUrl.replace(/\/$/, "")}/oauth/salesforce/start?link=${encodeURIComponent(link)}`;
}

/** A new secret for the browser cookie that binds states to the browser that started them. */
export function newBrowserSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function isBrowserSecret(value: string | undefined): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}

function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

async function oauthDestination(deps: DestinationDeps, accountId: string, destinationId: string) {
  const destination = await deps.prisma.destination.findFirst({ where: { id: destinationId, accountId } });
  if (!destination) throw notFound("destination");
  if (destination.integration !== "salesforce" || destination.authMethod !== "oauth") {
    throw new Refusal("conflict", "not_oauth", "Only a Salesforce destination using the OAuth method is authorized in the browser");
  }
  const credentials = destination.credentials ? deps.secretBox.openJson<Record<string, string>>(destination.credentials) : {};
  if (!credentials.clientId || !credentials.clientSecret) {
    throw new Refusal("conflict", "missing_connected_app", "Enter the connected app's consumer key and secret first");
  }
  return { credentials, loginUrl: deps.endpoints.salesforceLoginUrl };
}

/** Step 1: the link to open in the buyer's browser (our start page, valid for 15 minutes). */
export async function startSalesforceAuthorization(
  deps: DestinationDeps,
  accountId: string,
  destinationId: string,
  origin?: AuthorizationOrigin,
): Promise<{ authorizeUrl: string }> {
  await oauthDestination(deps, accountId, destinationId);
  const link: AuthorizationLink = { accountId, destinationId, expires: Date.now() + LINK_TTL_MS, ...(origin ? { origin } : {}) };
  return { authorizeUrl: salesforceStartUrl(deps.publicUrl, deps.secretBox.sealJson(link)) };
}

export type BeginAuthorizationResult = { ok: true; salesforceUrl: string } | { ok: false; message: string };

/** Step 2, in the browser that will come back: a single-use state and PKCE verifier bound to `browserSecret`. */
export async function beginSalesforceAuthorization(
  deps: DestinationDeps,
  states: AuthorizationStates,
  sealedLink: string,
  browserSecret: string,
): Promise<BeginAuthorizationResult> {
  let link: AuthorizationLink;
  try {
    link = deps.secretBox.openJson<AuthorizationLink>(sealedLink);
  } catch {
    return { ok: false, message: "This authorization link is not valid: start again from leadrelay" };
  }
  if (typeof link.expires !== "number" || link.expires < Date.now())
    return { ok: false, message: "This authorization link expired: start again from leadrelay" };
  let destination;
  try {
    destination = await oauthDestination(deps, link.accountId, link.destinationId);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message };
    throw error;
  }
  const state = randomBytes(32).toString("base64url");
  const codeVerifier = randomBytes(48).toString("base64url");
  await states.save(
    sha256(state),
    {
      accountId: link.accountId,
      destinationId: link.destinationId,
      browserHash: sha256(browserSecret),
      codeVerifierSealed: deps.secretBox.seal(codeVerifier),
      ...(link.origin ? { origin: link.origin } : {}),
    },
    STATE_TTL_MS,
  );
  return {
    ok: true,
    salesforceUrl: authorizationUrl({
      loginUrl: destination.loginUrl,
      clientId: destination.credentials.clientId!,
      redirectUri: salesforceCallbackUrl(deps.publicUrl),
      state,
      codeChallenge: createHash("sha256").update(codeVerifier, "ascii").digest("base64url"),
    }),
  };
}

export type SalesforceAuthorizationResult =
  | { ok: true; saved: SaveDestinationResult; accountId: string; destinationId: string; origin: AuthorizationOrigin | null }
  | { ok: false; message: string };

const REFUSED: Record<"unknown" | "used" | "other_browser" | "no_cookie", string> = {
  unknown: "This authorization is not valid or expired: start again from leadrelay",
  used: "This authorization was already used: start again from leadrelay",
  other_browser: "This authorization was started in another browser: start again from leadrelay in this browser",
  no_cookie: "This authorization was not started in this browser: start again from leadrelay in this browser",
};

/** Step 3: consumes the state (once, from the browser that started it), then exchanges the code with the PKCE verifier. */
export async function completeSalesforceAuthorization(
  deps: DestinationDeps,
  states: AuthorizationStates,
  code: string,
  state: string,
  browserSecret: string | undefined,
): Promise<SalesforceAuthorizationResult> {
  if (!isBrowserSecret(browserSecret)) return { ok: false, message: REFUSED.no_cookie };
  const consumed = await states.consume(sha256(state), sha256(browserSecret));
  if (!consumed.ok) return { ok: false, message: REFUSED[consumed.reason] };
  const { pending } = consumed;
  let destination;
  try {
    destination = await oauthDestination(deps, pending.accountId, pending.destinationId);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message };
    throw error;
  }
  const exchanged = await exchangeAuthorizationCode({
    loginUrl: destination.loginUrl,
    clientId: destination.credentials.clientId!,
    clientSecret: destination.credentials.clientSecret!,
    code,
    redirectUri: salesforceCallbackUrl(deps.publicUrl),
    codeVerifier: deps.secretBox.open(pending.codeVerifierSealed),
    timeoutMs: deps.timeoutMs,
  });
  if (!exchanged.ok)
    return { ok: false, message: exchanged.error.fix ? `${exchanged.error.reason}. ${exchanged.error.fix}` : exchanged.error.reason };
  const { tokens } = exchanged;
  const saved = await updateDestination(deps, pending.accountId, pending.destinationId, {
    credentials: {
      accessToken: tokens.accessToken,
      instanceUrl: tokens.instanceUrl,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    },
  });
  return { ok: true, saved, accountId: pending.accountId, destinationId: pending.destinationId, origin: pending.origin ?? null };
}
