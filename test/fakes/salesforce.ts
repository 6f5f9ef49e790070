import { createHash, createHmac, randomBytes } from "node:crypto";
import { bearerToken, FakeHttpServer, isRecord, type RecordedRequest, type Reply } from "./fake-http-server.ts";

/**
 * A fake Salesforce org: one server is both the login host (`/services/oauth2/*`) and the
 * instance (`/services/data/*`, `instance_url` = its own url). Errors use Salesforce's shapes:
 * OAuth errors are `{error, error_description}`, REST errors are JSON ARRAYS of
 * `{message, errorCode, fields?}`.
 */

export interface SalesforceClient {
  clientId: string;
  clientSecret: string;
  /** When set, `/authorize` and the code exchange only accept these callback URLs. */
  redirectUris?: string[];
  /** Whether the connected app has a client-credentials run-as user (default true). */
  clientCredentials?: boolean;
}

export interface SalesforceField {
  name: string;
  label: string;
  type: "id" | "string" | "email" | "phone" | "url" | "textarea" | "picklist" | "reference" | "boolean" | "datetime" | "double" | "int";
  length: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  externalId: boolean;
  unique: boolean;
  idLookup: boolean;
  custom: boolean;
  restrictedPicklist: boolean;
  picklistValues: Array<{ active: boolean; defaultValue: boolean; label: string; validFor: null; value: string }>;
  referenceTo: string[];
}

export type SalesforceFieldInput = Pick<SalesforceField, "name" | "label"> & Partial<Omit<SalesforceField, "name" | "label">>;

export type DuplicateRuleSpelling = "duplicateResut" | "duplicateResult";

export interface FakeSalesforceOptions {
  clients?: SalesforceClient[];
  /** Custom text external-id field on Lead (default `LeadRelay_Id__c`). */
  externalIdField?: string;
  /** Extra Lead fields (custom fields) for describe and validation. */
  fields?: SalesforceFieldInput[];
  /** Block creating a Lead whose Email matches an existing Lead; the string picks the key spelling (real API: `duplicateResut`). */
  duplicateRule?: boolean | DuplicateRuleSpelling;
  /** Latest API version the org offers (default 62.0); `/services/data/` lists 31.0 … latest. */
  latestVersion?: number;
  /** Status of the `invalid_client` (bad secret) token error; default 401. */
  invalidClientStatus?: 400 | 401;
}

export interface SalesforceLead {
  Id: string;
  [field: string]: string | boolean | number | null;
}

export interface SalesforceTokens {
  accessToken: string;
  refreshToken: string;
}

export const SALESFORCE_DEFAULT_CLIENT: SalesforceClient = { clientId: "3MVG9fake.client.id", clientSecret: "fake-client-secret" };
export const SALESFORCE_ORG_ID = "00D5e000000AbCdEAA";
export const SALESFORCE_USER_ID = "0055e000001XyZaAAK";

const JSON_HEADERS = { "content-type": "application/json;charset=UTF-8" };
const NOT_FOUND = [{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }];
const LEAD_STATUSES = ["Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"];
const LEAD_SOURCES = ["Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"];
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function picklist(values: string[], defaultValue?: string): SalesforceField["picklistValues"] {
  return values.map((value) => ({ active: true, defaultValue: value === defaultValue, label: value, validFor: null, value }));
}

function leadFields(externalIdField: string): SalesforceFieldInput[] {
  const system = { nillable: false, createable: false, updateable: false, defaultedOnCreate: true };
  return [
    { name: "Id", label: "Lead ID", type: "id", length: 18, ...system, idLookup: true },
    { name: "IsDeleted", label: "Deleted", type: "boolean", length: 0, ...system },
    { name: "LastName", label: "Last Name", length: 80, nillable: false, idLookup: true },
    { name: "FirstName", label: "First Name", length: 40 },
    {
      name: "Salutation",
      label: "Salutation",
      type: "picklist",
      length: 40,
      picklistValues: picklist(["Mr.", "Ms.", "Mrs.", "Dr.", "Prof."]),
    },
    { name: "Name", label: "Full Name", length: 121, ...system, nillable: false, idLookup: true },
    { name: "Title", label: "Title", length: 128 },
    { name: "Company", label: "Company", length: 255, nillable: false },
    { name: "Street", label: "Street", type: "textarea", length: 255 },
    { name: "City", label: "City", length: 40 },
    { name: "State", label: "State/Province", length: 80 },
    { name: "PostalCode", label: "Zip/Postal Code", length: 20 },
    { name: "Country", label: "Country", length: 80 },
    { name: "Phone", label: "Business Phone", type: "phone", length: 40 },
    { name: "MobilePhone", label: "Mobile Phone", type: "phone", length: 40 },
    { name: "Email", label: "Email", type: "email", length: 80, idLookup: true },
    { name: "Website", label: "Website", type: "url", length: 255 },
    { name: "Description", label: "Description", type: "textarea", length: 32000 },
    { name: "LeadSource", label: "Lead Source", type: "picklist", length: 255, picklistValues: picklist(LEAD_SOURCES) },
    {
      name: "Status",
      label: "Status",
      type: "picklist",
      length: 255,
      nillable: false,
      defaultedOnCreate: true,
      restrictedPicklist: true,
      picklistValues: picklist(LEAD_STATUSES, LEAD_STATUSES[0]),
    },
    {
      name: "OwnerId",
      label: "Owner ID",
      type: "reference",
      length: 18,
      nillable: false,
      defaultedOnCreate: true,
      referenceTo: ["Group", "User"],
    },
    { name: "CreatedDate", label: "Created Date", type: "datetime", length: 0, ...system },
    { name: "LastModifiedDate", label: "Last Modified Date", type: "datetime", length: 0, ...system },
    { name: externalIdField, label: "LeadRelay Id", length: 64, externalId: true, unique: true, idLookup: true, custom: true },
  ];
}

function completeField(input: SalesforceFieldInput): SalesforceField {
  return {
    type: "string",
    length: 255,
    nillable: true,
    createable: true,
    updateable: true,
    defaultedOnCreate: false,
    externalId: false,
    unique: false,
    idLookup: false,
    custom: input.name.endsWith("__c"),
    restrictedPicklist: false,
    picklistValues: [],
    referenceTo: [],
    ...input,
  };
}

class SalesforceError extends Error {
  constructor(readonly reply: Reply) {
    super(`Salesforce ${reply.status}`);
  }
}

export class FakeSalesforce extends FakeHttpServer {
  private readonly clients = new Map<string, SalesforceClient>();
  /** Issued codes; `codeChallenge` when the authorize request used PKCE (S256). */
  private readonly codes = new Map<string, { clientId: string; redirectUri: string; codeChallenge?: string }>();
  private pkceExchanges = 0;
  private readonly accessTokens = new Map<string, string>(); // token -> clientId
  private readonly refreshTokens = new Map<string, string>(); // token -> clientId
  private readonly fields = new Map<string, SalesforceField>(); // lower-case name -> field
  private readonly records = new Map<string, SalesforceLead>();
  private readonly externalIdField: string;
  private readonly latestVersion: number;
  private readonly invalidClientStatus: 400 | 401;
  private duplicateRule: DuplicateRuleSpelling | undefined;
  private requestLimitExceeded = false;
  private denyNext = false;
  private apiUsage = 0;
  private idCounter = 0;

  constructor(options: FakeSalesforceOptions = {}) {
    super();
    for (const client of options.clients ?? [SALESFORCE_DEFAULT_CLIENT]) this.clients.set(client.clientId, client);
    this.externalIdField = options.externalIdField ?? "LeadRelay_Id__c";
    for (const field of [...leadFields(this.externalIdField), ...(options.fields ?? [])]) this.addField(field);
    this.latestVersion = options.latestVersion ?? 62;
    this.invalidClientStatus = options.invalidClientStatus ?? 401;
    this.setDuplicateRule(options.duplicateRule ?? false);
  }

  // ---- test helpers -------------------------------------------------------------------------

  /** Stored Leads, oldest first. */
  leads(): SalesforceLead[] {
    return [...this.records.values()].map((lead) => ({ ...lead }));
  }

  lead(id: string): SalesforceLead | undefined {
    const found = this.records.get(id);
    return found ? { ...found } : undefined;
  }

  /** Insert a Lead directly (no validation, no duplicate rule). */
  seedLead(fields: Record<string, string | boolean | number | null>): SalesforceLead {
    return { ...this.insertLead(this.canonicalise(fields).values) };
  }

  addField(input: SalesforceFieldInput): SalesforceField {
    const field = completeField(input);
    this.fields.set(field.name.toLowerCase(), field);
    return field;
  }

  /** Turn the Email duplicate rule on/off; a string selects the spelling of the body key. */
  setDuplicateRule(on: boolean | DuplicateRuleSpelling): void {
    this.duplicateRule = on === true ? "duplicateResut" : on === false ? undefined : on;
  }

  /** While on, every REST call answers 403 REQUEST_LIMIT_EXCEEDED. */
  setRequestLimitExceeded(on: boolean): void {
    this.requestLimitExceeded = on;
  }

  /** Invalidate every access token issued so far (refresh tokens keep working). */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  revokeRefreshToken(token: string): void {
    this.refreshTokens.delete(token);
  }

  /** The next `/authorize` redirects back with `error=access_denied` (the user clicked Deny). */
  denyNextAuthorization(): void {
    this.denyNext = true;
  }

  /** Mint a token pair without going through the browser flow. */
  issueTokens(clientId = [...this.clients.keys()][0]!): SalesforceTokens {
    const accessToken = this.mintAccessToken(clientId);
    const refreshToken = `5Aep861${randomBytes(40).toString("base64url")}`;
    this.refreshTokens.set(refreshToken, clientId);
    return { accessToken, refreshToken };
  }

  /** Code exchanges that carried a code_verifier matching the code's S256 challenge. */
  verifiedPkceExchanges(): number {
    return this.pkceExchanges;
  }

  /** Access tokens that are currently valid. */
  validAccessTokens(): string[] {
    return [...this.accessTokens.keys()];
  }

  // ---- routing ------------------------------------------------------------------------------

  protected override handle(request: RecordedRequest): Reply {
    try {
      return this.route(request);
    } catch (error) {
      if (error instanceof SalesforceError) return error.reply;
      throw error;
    }
  }

  private route(request: RecordedRequest): Reply {
    const { method, path } = request;
    if (path === "/services/oauth2/authorize" && method === "GET") return this.authorizeEndpoint(request);
    if (path === "/services/oauth2/token" && method === "POST") return this.token(request);
    if (path === "/services/oauth2/revoke" && method === "POST") {
      const token = formValue(request, "token");
      if (token && (this.refreshTokens.delete(token) || this.accessTokens.delete(token))) return { status: 200 };
      return json(400, { error: "invalid_token", error_description: "invalid token" });
    }
    if (path === `/id/${SALESFORCE_ORG_ID}/${SALESFORCE_USER_ID}` && method === "GET") {
      this.authenticate(request);
      return json(200, {
        id: `${this.url}/id/${SALESFORCE_ORG_ID}/${SALESFORCE_USER_ID}`,
        user_id: SALESFORCE_USER_ID,
        organization_id: SALESFORCE_ORG_ID,
        username: "admin@acme.example",
        display_name: "Acme Admin",
        email: "admin@acme.example",
        urls: { rest: `${this.url}/services/data/v{version}/`, sobjects: `${this.url}/services/data/v{version}/sobjects/` },
        active: true,
        user_type: "STANDARD",
      });
    }
    if ((path === "/services/data" || path === "/services/data/") && method === "GET") {
      return json(200, this.versions());
    }
    const m = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(path);
    if (m) {
      const version = Number(m[1]);
      if (version < 31 || version > this.latestVersion) return json(404, NOT_FOUND);
      this.authenticate(request);
      if (this.requestLimitExceeded) {
        return json(403, [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }]);
      }
      this.apiUsage++;
      const reply = this.rest(request, m[1]!, m[2] ?? "/");
      return { ...reply, headers: { ...reply.headers, "Sforce-Limit-Info": `api-usage=${this.apiUsage}/15000` } };
    }
    return json(404, NOT_FOUND);
  }

  // ---- OAuth --------------------------------------------------------------------------------

  private authorizeEndpoint(request: RecordedRequest): Reply {
    const {
      client_id: clientId,
      redirect_uri: redirectUri,
      state,
      response_type: responseType,
      code_challenge: codeChallenge,
      code_challenge_method: challengeMethod,
    } = request.query;
    const client = clientId ? this.clients.get(clientId) : undefined;
    if (!client) return htmlError(400, "error=invalid_client_id&error_description=client%20identifier%20invalid");
    if (!redirectUri || (client.redirectUris && !client.redirectUris.includes(redirectUri))) {
      return htmlError(400, "error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration");
    }
    const target = new URL(redirectUri);
    if (this.denyNext) {
      this.denyNext = false;
      target.searchParams.set("error", "access_denied");
      target.searchParams.set("error_description", "end-user denied authorization");
    } else if (responseType !== "code") {
      target.searchParams.set("error", "unsupported_response_type");
      target.searchParams.set("error_description", "response type not supported");
    } else if (codeChallenge !== undefined && (challengeMethod !== "S256" || !/^[A-Za-z0-9_-]{43}$/.test(codeChallenge))) {
      target.searchParams.set("error", "invalid_request");
      target.searchParams.set("error_description", "invalid code challenge");
    } else {
      const code = `aPrx${randomBytes(36).toString("base64url")}`;
      this.codes.set(code, { clientId: client.clientId, redirectUri, ...(codeChallenge ? { codeChallenge } : {}) });
      target.searchParams.set("code", code);
    }
    if (state !== undefined) target.searchParams.set("state", state);
    return { status: 302, headers: { location: target.toString(), "content-type": "text/html;charset=UTF-8" }, body: "" };
  }

  private token(request: RecordedRequest): Reply {
    let clientId = formValue(request, "client_id");
    let clientSecret = formValue(request, "client_secret");
    const basic = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? "");
    if (basic) {
      const [id, ...secret] = Buffer.from(basic[1]!, "base64").toString("utf8").split(":");
      clientId ??= decodeURIComponent(id ?? "");
      clientSecret ??= decodeURIComponent(secret.join(":"));
    }
    const grantType = formValue(request, "grant_type");
    if (!grantType || !["authorization_code", "refresh_token", "client_credentials"].includes(grantType)) {
      return json(400, { error: "unsupported_grant_type", error_description: "grant type not supported" });
    }
    const client = clientId ? this.clients.get(clientId) : undefined;
    if (!client) return json(400, { error: "invalid_client_id", error_description: "client identifier invalid" });
    if (clientSecret !== client.clientSecret) {
      return json(this.invalidClientStatus, { error: "invalid_client", error_description: "invalid client credentials" });
    }

    if (grantType === "authorization_code") {
      const code = formValue(request, "code") ?? "";
      const grant = this.codes.get(code);
      if (!grant || grant.clientId !== client.clientId) {
        return json(400, { error: "invalid_grant", error_description: "invalid authorization code" });
      }
      if (formValue(request, "redirect_uri") !== grant.redirectUri) {
        return json(400, { error: "redirect_uri_mismatch", error_description: "redirect_uri must match configuration" });
      }
      if (grant.codeChallenge) {
        // PKCE: base64url(SHA-256(code_verifier)) must equal the authorize request's code_challenge.
        const verifier = formValue(request, "code_verifier") ?? "";
        if (createHash("sha256").update(verifier, "ascii").digest("base64url") !== grant.codeChallenge) {
          this.codes.delete(code);
          return json(400, { error: "invalid_grant", error_description: "invalid code verifier" });
        }
        this.pkceExchanges++;
      }
      this.codes.delete(code);
      const tokens = this.issueTokens(client.clientId);
      return json(200, this.tokenBody(client, tokens.accessToken, tokens.refreshToken));
    }
    if (grantType === "refresh_token") {
      const refreshToken = formValue(request, "refresh_token") ?? "";
      if (this.refreshTokens.get(refreshToken) !== client.clientId) {
        return json(400, { error: "invalid_grant", error_description: "expired access/refresh token" });
      }
      return json(200, this.tokenBody(client, this.mintAccessToken(client.clientId)));
    }
    if (client.clientCredentials === false) {
      return json(400, { error: "invalid_grant", error_description: "no client credentials user enabled" });
    }
    const body = this.tokenBody(client, this.mintAccessToken(client.clientId));
    return json(200, { ...body, scope: "api" });
  }

  private tokenBody(client: SalesforceClient, accessToken: string, refreshToken?: string): Record<string, string> {
    const id = `${this.url}/id/${SALESFORCE_ORG_ID}/${SALESFORCE_USER_ID}`;
    const issuedAt = String(Date.now());
    const signature = createHmac("sha256", client.clientSecret)
      .update(id + issuedAt)
      .digest("base64");
    return {
      access_token: accessToken,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      signature,
      scope: refreshToken ? "refresh_token api" : "api",
      instance_url: this.url,
      id,
      token_type: "Bearer",
      issued_at: issuedAt,
    };
  }

  private mintAccessToken(clientId: string): string {
    const token = `${SALESFORCE_ORG_ID.slice(0, 15)}!AQ4AQ${randomBytes(48).toString("base64url")}`;
    this.accessTokens.set(token, clientId);
    return token;
  }

  private authenticate(request: RecordedRequest): void {
    const token = bearerToken(request);
    if (!token || !this.accessTokens.has(token)) {
      throw new SalesforceError(json(401, [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]));
    }
  }

  // ---- REST ---------------------------------------------------------------------------------

  private versions(): Array<{ label: string; url: string; version: string }> {
    const out: Array<{ label: string; url: string; version: string }> = [];
    for (let v = 31; v <= this.latestVersion; v++) {
      const k = v - 59; // v59.0 = Winter '24
      const season = ["Winter", "Spring", "Summer"][((k % 3) + 3) % 3]!;
      const year = 24 + Math.floor(k / 3);
      out.push({ label: `${season} '${String(year).padStart(2, "0")}`, url: `/services/data/v${v}.0`, version: `${v}.0` });
    }
    return out;
  }

  private rest(request: RecordedRequest, version: string, rest: string): Reply {
    const { method } = request;
    if (rest === "/" && method === "GET") {
      const base = `/services/data/v${version}`;
      return json(200, { limits: `${base}/limits`, sobjects: `${base}/sobjects`, query: `${base}/query`, search: `${base}/search` });
    }
    if (rest === "/limits" && method === "GET") {
      return json(200, { DailyApiRequests: { Max: 15000, Remaining: 15000 - this.apiUsage } });
    }
    const parts = rest.split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== "sobjects") return json(404, NOT_FOUND);
    const sobject = parts[1];
    if (!sobject || sobject.toLowerCase() !== "lead") return json(404, NOT_FOUND);

    if (parts.length === 3 && parts[2] === "describe" && method === "GET") return json(200, this.describe(version));
    if (parts.length === 2 && method === "POST") return this.create(request);
    if (parts.length === 3) {
      const id = parts[2]!;
      const lead = this.records.get(normaliseId(id));
      if (method === "GET") return lead ? json(200, this.present(lead, version)) : json(404, NOT_FOUND);
      if (method === "PATCH") return lead ? this.update(request, lead) : json(404, NOT_FOUND);
      if (method === "DELETE") {
        if (!lead) return json(404, NOT_FOUND);
        this.records.delete(lead.Id);
        return { status: 204 };
      }
    }
    if (parts.length === 4 && method === "PATCH") return this.upsert(request, parts[2]!, parts[3]!);
    if (parts.length === 4 && method === "GET") {
      const field = this.fields.get(parts[2]!.toLowerCase());
      if (!field?.idLookup) return externalIdNotFound(parts[2]!);
      const lead = this.findBy(field.name, parts[3]!);
      return lead ? json(200, this.present(lead, version)) : json(404, NOT_FOUND);
    }
    return json(405, [{ errorCode: "METHOD_NOT_ALLOWED", message: `HTTP Method '${method}' not allowed. Allowed are GET,PATCH,DELETE` }]);
  }

  private describe(version: string): Record<string, unknown> {
    const base = `/services/data/v${version}/sobjects/Lead`;
    return {
      name: "Lead",
      label: "Lead",
      labelPlural: "Leads",
      keyPrefix: "00Q",
      custom: false,
      createable: true,
      updateable: true,
      deletable: true,
      queryable: true,
      fields: [...this.fields.values()],
      urls: { describe: `${base}/describe`, rowTemplate: `${base}/{ID}`, sobject: base },
    };
  }

  private create(request: RecordedRequest): Reply {
    const { values } = this.parseRecordBody(request, "insert");
    this.checkRequired(values);
    this.checkDuplicates(values);
    const lead = this.insertLead(values);
    return json(201, { id: lead.Id, success: true, errors: [] });
  }

  private update(request: RecordedRequest, lead: SalesforceLead): Reply {
    const { values } = this.parseRecordBody(request, "update");
    this.checkRequired({ ...lead, ...values });
    Object.assign(lead, values, { LastModifiedDate: sfDate() });
    this.refreshName(lead);
    return { status: 204 };
  }

  private upsert(request: RecordedRequest, fieldName: string, value: string): Reply {
    const field = this.fields.get(fieldName.toLowerCase());
    if (!field || !(field.externalId || field.name === "Id")) return externalIdNotFound(fieldName);
    const { values } = this.parseRecordBody(request, "upsert");
    const existing = this.findBy(field.name, value);
    if (existing) {
      this.checkRequired({ ...existing, ...values });
      Object.assign(existing, values, { LastModifiedDate: sfDate() });
      this.refreshName(existing);
      return json(200, { id: existing.Id, success: true, errors: [], created: false });
    }
    if (field.name === "Id") return json(404, NOT_FOUND);
    const toInsert = { ...values, [field.name]: value };
    this.checkRequired(toInsert);
    this.checkDuplicates(toInsert);
    const lead = this.insertLead(toInsert);
    return json(201, { id: lead.Id, success: true, errors: [], created: true });
  }

  /** Validates the JSON body and maps case-insensitive field names to their real names. */
  private parseRecordBody(
    request: RecordedRequest,
    mode: "insert" | "update" | "upsert",
  ): { values: Record<string, string | boolean | number | null> } {
    if (request.bodyError || !isRecord(request.body)) {
      throw new SalesforceError(
        json(400, [
          {
            message: `Unexpected character: was expecting a JSON object${request.bodyError ? ` (${request.bodyError})` : ""}`,
            errorCode: "JSON_PARSER_ERROR",
          },
        ]),
      );
    }
    const { values, unknown } = this.canonicalise(request.body);
    if (unknown.length) {
      throw new SalesforceError(
        json(400, [{ message: `No such column '${unknown[0]}' on sobject of type Lead`, errorCode: "INVALID_FIELD" }]),
      );
    }
    const notWritable = Object.keys(values).filter((name) => {
      const field = this.fields.get(name.toLowerCase())!;
      return mode === "insert" ? !field.createable : mode === "update" ? !field.updateable : !(field.createable || field.updateable);
    });
    if (notWritable.length) {
      throw new SalesforceError(
        json(400, [
          {
            message: `Unable to create/update fields: ${notWritable.join(", ")}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
            errorCode: "INVALID_FIELD_FOR_INSERT_UPDATE",
            fields: notWritable,
          },
        ]),
      );
    }
    for (const [name, value] of Object.entries(values)) {
      const field = this.fields.get(name.toLowerCase())!;
      if (value === null || value === "") continue;
      const text = String(value);
      if (field.type === "email" && !EMAIL_RE.test(text)) {
        throw new SalesforceError(
          json(400, [
            { message: `${field.label}: invalid email address: ${text}`, errorCode: "INVALID_EMAIL_ADDRESS", fields: [field.name] },
          ]),
        );
      }
      if (field.restrictedPicklist && !field.picklistValues.some((p) => p.value === text)) {
        throw new SalesforceError(
          json(400, [
            {
              message: `${field.label}: bad value for restricted picklist field: ${text}`,
              errorCode: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
              fields: [field.name],
            },
          ]),
        );
      }
      if (
        field.length > 0 &&
        ["string", "email", "phone", "url", "textarea", "picklist"].includes(field.type) &&
        text.length > field.length
      ) {
        throw new SalesforceError(
          json(400, [
            {
              message: `${field.label}: data value too large: ${text} (max length=${field.length})`,
              errorCode: "STRING_TOO_LONG",
              fields: [field.name],
            },
          ]),
        );
      }
    }
    return { values };
  }

  private canonicalise(body: Record<string, unknown>): { values: Record<string, string | boolean | number | null>; unknown: string[] } {
    const values: Record<string, string | boolean | number | null> = {};
    const unknown: string[] = [];
    for (const [key, value] of Object.entries(body)) {
      if (key === "attributes") continue;
      const field = this.fields.get(key.toLowerCase());
      if (!field) {
        unknown.push(key);
        continue;
      }
      values[field.name] =
        value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean"
          ? value
          : JSON.stringify(value);
    }
    return { values, unknown };
  }

  private checkRequired(values: Record<string, unknown>): void {
    const missing = [...this.fields.values()]
      .filter((f) => !f.nillable && f.createable && !f.defaultedOnCreate)
      .filter((f) => values[f.name] === undefined || values[f.name] === null || values[f.name] === "")
      .map((f) => f.name);
    if (missing.length) {
      throw new SalesforceError(
        json(400, [
          { message: `Required fields are missing: [${missing.join(", ")}]`, errorCode: "REQUIRED_FIELD_MISSING", fields: missing },
        ]),
      );
    }
  }

  private checkDuplicates(values: Record<string, unknown>): void {
    if (!this.duplicateRule || typeof values.Email !== "string" || !values.Email) return;
    const match = this.findBy("Email", values.Email);
    if (!match) return;
    const message = "You're creating a duplicate record. We recommend you use an existing record instead.";
    throw new SalesforceError(
      json(400, [
        {
          [this.duplicateRule]: {
            allowSave: false,
            duplicateRule: "Standard_Lead_Duplicate_Rule",
            duplicateRuleEntityType: "Lead",
            errorMessage: message,
            matchResults: [
              {
                entityType: "Lead",
                errors: [],
                matchEngine: "FuzzyMatchEngine",
                matchRecords: [
                  {
                    additionalInformation: [],
                    fieldDiffs: [],
                    matchConfidence: 100.0,
                    record: {
                      attributes: { type: "Lead", url: `/services/data/v${this.latestVersion}.0/sobjects/Lead/${match.Id}` },
                      Id: match.Id,
                    },
                  },
                ],
                rule: "Standard_Lead_Match_Rule_v1_0",
                size: 1,
                success: true,
              },
            ],
          },
          errorCode: "DUPLICATES_DETECTED",
          message,
        },
      ]),
    );
  }

  private findBy(fieldName: string, value: string): SalesforceLead | undefined {
    if (fieldName === "Id") return this.records.get(normaliseId(value));
    const wanted = value.toLowerCase();
    return [...this.records.values()].find((lead) => lead[fieldName] !== undefined && String(lead[fieldName]).toLowerCase() === wanted);
  }

  private insertLead(values: Record<string, string | boolean | number | null>): SalesforceLead {
    const now = sfDate();
    const lead: SalesforceLead = {
      Id: this.nextId(),
      IsDeleted: false,
      Status: LEAD_STATUSES[0]!,
      OwnerId: SALESFORCE_USER_ID,
      ...values,
      CreatedDate: now,
      LastModifiedDate: now,
    };
    this.refreshName(lead);
    this.records.set(lead.Id, lead);
    return lead;
  }

  private refreshName(lead: SalesforceLead): void {
    lead.Name = [lead.FirstName, lead.LastName].filter((part) => typeof part === "string" && part).join(" ");
  }

  private present(lead: SalesforceLead, version: string): Record<string, unknown> {
    const out: Record<string, unknown> = { attributes: { type: "Lead", url: `/services/data/v${version}/sobjects/Lead/${lead.Id}` } };
    for (const field of this.fields.values()) out[field.name] = lead[field.name] ?? null;
    return out;
  }

  /** 18-character Lead ids (`00Q` prefix) with Salesforce's case-checksum suffix. */
  private nextId(): string {
    const n = ++this.idCounter;
    let base62 = "";
    let rest = n + 3_000_000;
    const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    while (base62.length < 6) {
      base62 = digits[rest % 62]! + base62;
      rest = Math.floor(rest / 62);
    }
    return withChecksum(`00Q5e0000${base62}`);
  }
}

export async function startFakeSalesforce(options: FakeSalesforceOptions = {}): Promise<FakeSalesforce> {
  return new FakeSalesforce(options).listen();
}

/** Adds the 3-character suffix that turns a case-sensitive 15-char id into the 18-char form. */
export function withChecksum(id15: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= "A" && c <= "Z") bits |= 1 << i;
    }
    suffix += alphabet[bits];
  }
  return id15 + suffix;
}

function normaliseId(id: string): string {
  return id.length === 15 ? withChecksum(id) : id;
}

function externalIdNotFound(fieldName: string): Reply {
  return json(404, [{ errorCode: "NOT_FOUND", message: `Provided external ID field does not exist or is not accessible: ${fieldName}` }]);
}

function json(status: number, body: unknown): Reply {
  return { status, headers: JSON_HEADERS, body };
}

function htmlError(status: number, detail: string): Reply {
  return {
    status,
    headers: { "content-type": "text/html;charset=UTF-8" },
    body: `<html><body><p>OAuth Error</p><p>We can't authorize you because of an OAuth error. For more information, contact your Salesforce administrator.</p><p>${detail}</p></body></html>`,
  };
}

function formValue(request: RecordedRequest, name: string): string | undefined {
  if (isRecord(request.body) && typeof request.body[name] === "string") return request.body[name];
  return request.query[name];
}

function sfDate(): string {
  return new Date().toISOString().replace("Z", "+0000");
}
