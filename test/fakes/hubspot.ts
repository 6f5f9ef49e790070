import { randomUUID } from "node:crypto";
import { bearerToken, FakeHttpServer, isRecord, type RecordedRequest, type Reply, type RequestMatch } from "./fake-http-server.ts";

/**
 * A fake HubSpot CRM v3 API (contacts, contact properties, lists) speaking HubSpot's real status
 * codes and error bodies: `{status:"error", message, correlationId, category, ...}`.
 */

export const HUBSPOT_DEFAULT_TOKEN = "pat-na1-00000000-0000-4000-8000-000000000001";
export const HUBSPOT_PORTAL_ID = 123;

export interface HubSpotTokenOptions {
  valid: string[];
  expired?: string[];
  /** Granted scopes per token; a token without an entry has every scope. */
  scopes?: Record<string, string[]>;
}

export interface FakeHubSpotOptions {
  tokens?: HubSpotTokenOptions;
  /** Extra contact properties (custom properties) on top of the default set. */
  properties?: HubSpotPropertyInput[];
  /** Spelling of the "added" key in the list-membership response; HubSpot's published schema says `recordsIdsAdded`. */
  membershipAddedKey?: "recordsIdsAdded" | "recordIdsAdded";
}

export interface HubSpotPropertyOption {
  label: string;
  value: string;
  displayOrder?: number;
  hidden?: boolean;
  description?: string;
}

export interface HubSpotProperty {
  name: string;
  label: string;
  type: "string" | "number" | "date" | "datetime" | "enumeration" | "bool";
  fieldType:
    "text" | "textarea" | "number" | "date" | "select" | "radio" | "checkbox" | "booleancheckbox" | "phonenumber" | "calculation_equation";
  description: string;
  groupName: string;
  options: HubSpotPropertyOption[];
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  hubspotDefined?: boolean;
  formField: boolean;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export type HubSpotPropertyInput = Pick<HubSpotProperty, "name" | "label"> & Partial<Omit<HubSpotProperty, "name" | "label">>;

export interface HubSpotContact {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

/** A contact as the API returns it (unknown-but-requested properties come back as null). */
export interface HubSpotContactJson {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface HubSpotList {
  listId: string;
  listVersion: number;
  createdAt: string;
  updatedAt: string;
  filtersUpdatedAt: string;
  processingStatus: "COMPLETE";
  createdById: string;
  updatedById: string;
  processingType: "MANUAL" | "SNAPSHOT" | "DYNAMIC";
  objectTypeId: string;
  name: string;
  size: number;
}

const SCOPE_READ = "crm.objects.contacts.read";
const SCOPE_WRITE = "crm.objects.contacts.write";
const SCOPE_SCHEMA_READ = "crm.schemas.contacts.read";
const SCOPE_LISTS_READ = "crm.lists.read";
const SCOPE_LISTS_WRITE = "crm.lists.write";

const JSON_HEADERS = { "content-type": "application/json;charset=utf-8" };

const LIFECYCLE_STAGES: Array<[string, string]> = [
  ["subscriber", "Subscriber"],
  ["lead", "Lead"],
  ["marketingqualifiedlead", "Marketing Qualified Lead"],
  ["salesqualifiedlead", "Sales Qualified Lead"],
  ["opportunity", "Opportunity"],
  ["customer", "Customer"],
  ["evangelist", "Evangelist"],
  ["other", "Other"],
];

const DEFAULT_PROPERTIES: HubSpotPropertyInput[] = [
  { name: "email", label: "Email", description: "A contact's email address" },
  { name: "firstname", label: "First Name", description: "A contact's first name" },
  { name: "lastname", label: "Last Name", description: "A contact's last name" },
  { name: "phone", label: "Phone Number", fieldType: "phonenumber", description: "A contact's primary phone number" },
  { name: "mobilephone", label: "Mobile Phone Number", fieldType: "phonenumber" },
  { name: "company", label: "Company Name", description: "Name of the contact's company" },
  { name: "address", label: "Street Address", description: "Contact's street address, including apartment or unit number." },
  { name: "city", label: "City", description: "A contact's city of residence" },
  { name: "state", label: "State/Region", description: "The contact's state of residence." },
  { name: "zip", label: "Postal Code", description: "Contact's zip code." },
  { name: "country", label: "Country/Region", description: "The contact's country/region of residence." },
  { name: "website", label: "Website URL", description: "Associated company website." },
  { name: "jobtitle", label: "Job Title", description: "A contact's job title" },
  {
    name: "message",
    label: "Message",
    fieldType: "textarea",
    description: "A default property to be used for any message or comments a contact may want to leave on a form.",
  },
  {
    name: "lifecyclestage",
    label: "Lifecycle Stage",
    type: "enumeration",
    fieldType: "radio",
    description: "The qualification of contacts to sales readiness.",
    options: LIFECYCLE_STAGES.map(([value, label], displayOrder) => ({ label, value, displayOrder, hidden: false, description: "" })),
  },
  {
    name: "hs_lead_status",
    label: "Lead Status",
    type: "enumeration",
    fieldType: "select",
    description: "The contact's sales, prospecting or outreach status",
    options: ["NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING"].map(
      (value, displayOrder) => ({
        label: value
          .replace(/_/g, " ")
          .toLowerCase()
          .replace(/^./, (c) => c.toUpperCase()),
        value,
        displayOrder,
        hidden: false,
        description: "",
      }),
    ),
  },
  {
    name: "createdate",
    label: "Create Date",
    type: "datetime",
    fieldType: "date",
    modificationMetadata: { archivable: true, readOnlyDefinition: true, readOnlyValue: false },
  },
  {
    name: "lastmodifieddate",
    label: "Last Modified Date",
    type: "datetime",
    fieldType: "date",
    modificationMetadata: { archivable: true, readOnlyDefinition: true, readOnlyValue: true },
  },
  {
    name: "hs_object_id",
    label: "Record ID",
    type: "number",
    fieldType: "number",
    modificationMetadata: { archivable: true, readOnlyDefinition: true, readOnlyValue: true },
  },
];

const EMAIL_RE = /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

interface PropertyError {
  isValid: false;
  message: string;
  error: "PROPERTY_DOESNT_EXIST" | "INVALID_EMAIL" | "INVALID_OPTION" | "READ_ONLY_VALUE";
  name: string;
  localizedErrorMessage: string;
  portalId: number;
}

class HubSpotError extends Error {
  constructor(readonly reply: Reply) {
    super(`HubSpot ${reply.status}`);
  }
}

export class FakeHubSpot extends FakeHttpServer {
  private readonly valid = new Set<string>();
  private readonly expired = new Set<string>();
  private readonly scopes = new Map<string, Set<string>>();
  private readonly properties = new Map<string, HubSpotProperty>();
  private readonly store = new Map<string, HubSpotContact>();
  private readonly lists = new Map<string, { list: HubSpotList; members: Set<string> }>();
  private readonly membershipAddedKey: "recordsIdsAdded" | "recordIdsAdded";
  private nextContactId = 512;
  private nextListId = 100;

  constructor(options: FakeHubSpotOptions = {}) {
    super();
    const tokens = options.tokens ?? { valid: [HUBSPOT_DEFAULT_TOKEN] };
    for (const token of tokens.valid) this.valid.add(token);
    for (const token of tokens.expired ?? []) this.expired.add(token);
    for (const [token, granted] of Object.entries(tokens.scopes ?? {})) this.scopes.set(token, new Set(granted));
    for (const property of DEFAULT_PROPERTIES) this.addProperty({ hubspotDefined: true, ...property });
    // custom properties carry no `hubspotDefined` flag in HubSpot's responses
    for (const property of options.properties ?? []) this.addProperty(property);
    this.membershipAddedKey = options.membershipAddedKey ?? "recordsIdsAdded";
  }

  // ---- test helpers -------------------------------------------------------------------------

  /** All stored (non-archived) contacts, oldest first. */
  contacts(): HubSpotContact[] {
    return [...this.store.values()].filter((contact) => !contact.archived).map(cloneContact);
  }

  /** Every stored contact whose email matches (case-insensitive); a correct integration never makes more than one. */
  contactsByEmail(email: string): HubSpotContact[] {
    const wanted = email.trim().toLowerCase();
    return this.contacts().filter((contact) => contact.properties.email?.toLowerCase() === wanted);
  }

  contact(id: string): HubSpotContact | undefined {
    const found = this.store.get(id);
    return found ? cloneContact(found) : undefined;
  }

  /** Insert a contact directly (no validation), e.g. to set up a 409 conflict. */
  seedContact(properties: Record<string, string>): HubSpotContact {
    return cloneContact(this.insertContact(normaliseProperties(properties)));
  }

  /** Define (or replace) a contact property, e.g. a custom `leadrelay_source` or an enumeration. */
  addProperty(input: HubSpotPropertyInput): HubSpotProperty {
    const now = "2019-08-06T02:41:52.408Z";
    const property: HubSpotProperty = {
      type: "string",
      fieldType: "text",
      description: "",
      groupName: "contactinformation",
      options: [],
      displayOrder: -1,
      calculated: false,
      externalOptions: false,
      hasUniqueValue: false,
      hidden: false,
      formField: true,
      modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
      createdAt: now,
      updatedAt: now,
      archived: false,
      ...input,
    };
    this.properties.set(property.name, property);
    return property;
  }

  /** Create a list; returns its id. */
  createList(input: { name: string; processingType?: HubSpotList["processingType"]; listId?: string }): HubSpotList {
    const now = new Date().toISOString();
    const listId = input.listId ?? String(this.nextListId++);
    const list: HubSpotList = {
      listId,
      listVersion: 1,
      createdAt: now,
      updatedAt: now,
      filtersUpdatedAt: now,
      processingStatus: "COMPLETE",
      createdById: "1",
      updatedById: "1",
      processingType: input.processingType ?? "MANUAL",
      objectTypeId: "0-1",
      name: input.name,
      size: 0,
    };
    this.lists.set(listId, { list, members: new Set() });
    return { ...list };
  }

  /** Record ids in a list. */
  listMembers(listId: string): string[] {
    return [...(this.lists.get(listId)?.members ?? [])];
  }

  addToken(token: string, scopes?: string[]): void {
    this.valid.add(token);
    this.expired.delete(token);
    if (scopes) this.scopes.set(token, new Set(scopes));
    else this.scopes.delete(token);
  }

  /** The token stops working as if deleted or rotated in HubSpot (401 INVALID_AUTHENTICATION: "Invalid API Key"). */
  revokeToken(token: string): void {
    this.valid.delete(token);
    this.expired.delete(token);
    this.scopes.delete(token);
  }

  expireToken(token: string): void {
    this.valid.delete(token);
    this.expired.add(token);
  }

  /** The next `times` requests (matching `match`, default all) get HubSpot's 429 secondly-limit response. */
  rateLimitNext(times = 1, match: RequestMatch = "*"): this {
    return this.failNext(match, hubspotRateLimitReply(), times);
  }

  // ---- routing ------------------------------------------------------------------------------

  protected override handle(request: RecordedRequest): Reply {
    try {
      return this.route(request);
    } catch (error) {
      if (error instanceof HubSpotError) return error.reply;
      throw error;
    }
  }

  private route(request: RecordedRequest): Reply {
    const { method, path } = request;
    let m: RegExpExecArray | null;

    if (path === "/crm/v3/objects/contacts/batch/upsert" && method === "POST") {
      this.authorize(request, SCOPE_WRITE);
      return this.batchUpsert(request);
    }
    if (path === "/crm/v3/objects/contacts/search" && method === "POST") {
      this.authorize(request, SCOPE_READ);
      return this.search(request);
    }
    if (path === "/crm/v3/objects/contacts") {
      if (method === "POST") {
        this.authorize(request, SCOPE_WRITE);
        return this.createContact(request);
      }
      if (method === "GET") {
        this.authorize(request, SCOPE_READ);
        return this.listContacts(request);
      }
    }
    if ((m = /^\/crm\/v3\/objects\/contacts\/([^/]+)$/.exec(path))) {
      const idOrValue = decodeURIComponent(m[1]!);
      if (method === "PATCH") {
        this.authorize(request, SCOPE_WRITE);
        return this.updateContact(request, idOrValue);
      }
      if (method === "GET") {
        this.authorize(request, SCOPE_READ);
        const contact = this.findContact(idOrValue, request.query.idProperty);
        if (!contact) return notFound();
        return ok(200, this.present(contact, requestedProperties(request.query.properties)));
      }
    }
    if (path === "/crm/v3/properties/contacts" && method === "GET") {
      this.authorize(request, SCOPE_SCHEMA_READ, [SCOPE_READ, SCOPE_WRITE]);
      return ok(200, { results: [...this.properties.values()].filter((p) => !p.archived) });
    }
    if ((m = /^\/crm\/v3\/properties\/contacts\/([^/]+)$/.exec(path)) && method === "GET") {
      this.authorize(request, SCOPE_SCHEMA_READ, [SCOPE_READ, SCOPE_WRITE]);
      const property = this.properties.get(decodeURIComponent(m[1]!));
      if (!property) return error(404, `Unable to find property ${decodeURIComponent(m[1]!)}`, "OBJECT_NOT_FOUND");
      return ok(200, property);
    }
    if (path === "/crm/v3/lists" && method === "POST") {
      this.authorize(request, SCOPE_LISTS_WRITE);
      const body = isRecord(request.body) ? request.body : {};
      if (typeof body.name !== "string" || !body.name) return error(400, "Invalid input JSON: name is required", "VALIDATION_ERROR");
      const processingType = body.processingType === "DYNAMIC" || body.processingType === "SNAPSHOT" ? body.processingType : "MANUAL";
      return ok(200, { list: this.createList({ name: body.name, processingType }) });
    }
    if ((m = /^\/crm\/v3\/lists\/([^/]+)$/.exec(path)) && method === "GET") {
      this.authorize(request, SCOPE_LISTS_READ, [SCOPE_LISTS_WRITE]);
      const entry = this.lists.get(decodeURIComponent(m[1]!));
      if (!entry) return listNotFound(decodeURIComponent(m[1]!));
      return ok(200, { list: { ...entry.list, size: entry.members.size } });
    }
    if ((m = /^\/crm\/v3\/lists\/([^/]+)\/memberships\/add$/.exec(path)) && method === "PUT") {
      this.authorize(request, SCOPE_LISTS_WRITE);
      return this.addMemberships(request, decodeURIComponent(m[1]!));
    }
    return {
      status: 404,
      headers: JSON_HEADERS,
      body: { status: "error", message: "Unable to route request", correlationId: randomUUID(), category: "OBJECT_NOT_FOUND" },
    };
  }

  // ---- auth ---------------------------------------------------------------------------------

  /** Throws the 401/403 HubSpot would send; `alternatives` are other scopes that also grant access. */
  private authorize(request: RecordedRequest, scope: string, alternatives: string[] = []): void {
    const token = bearerToken(request);
    if (token && this.expired.has(token)) {
      throw new HubSpotError({
        status: 401,
        headers: JSON_HEADERS,
        body: {
          status: "error",
          message: "The OAuth token used to make this call expired 1 hour(s) ago.",
          correlationId: randomUUID(),
          category: "EXPIRED_AUTHENTICATION",
        },
      });
    }
    if (!token || !this.valid.has(token)) {
      throw new HubSpotError({
        status: 401,
        headers: JSON_HEADERS,
        body: {
          status: "error",
          message:
            "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
          correlationId: randomUUID(),
          category: "INVALID_AUTHENTICATION",
        },
      });
    }
    const granted = this.scopes.get(token);
    if (!granted || granted.has(scope) || alternatives.some((s) => granted.has(s))) return;
    throw new HubSpotError({
      status: 403,
      headers: JSON_HEADERS,
      body: {
        status: "error",
        message:
          "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
        correlationId: randomUUID(),
        errors: [
          { message: "One or more of the following scopes are required.", context: { requiredGranularScopes: [scope, ...alternatives] } },
        ],
        links: { scopes: "https://developers.hubspot.com/scopes" },
        category: "MISSING_SCOPES",
      },
    });
  }

  // ---- contacts -----------------------------------------------------------------------------

  private batchUpsert(request: RecordedRequest): Reply {
    const startedAt = new Date().toISOString();
    const body = request.body;
    if (!isRecord(body) || !Array.isArray(body.inputs)) return invalidInput(request, "inputs");
    const inputs: Array<{ id: string; idProperty: string; properties: Record<string, string> }> = [];
    const errors: PropertyError[] = [];
    for (const raw of body.inputs as unknown[]) {
      if (!isRecord(raw) || typeof raw.id !== "string") return invalidInput(request, "inputs[].id");
      const idProperty = typeof raw.idProperty === "string" ? raw.idProperty : "hs_object_id";
      if (idProperty !== "email" && !this.properties.get(idProperty)?.hasUniqueValue) {
        return error(400, `Unable to perform update/upsert by non-unique 0-1 property ${idProperty}`, "VALIDATION_ERROR");
      }
      const properties = normaliseProperties(isRecord(raw.properties) ? raw.properties : {});
      properties[idProperty] ??= raw.id;
      if (idProperty === "email" && properties.email !== raw.id && !EMAIL_RE.test(raw.id)) {
        errors.push(propertyError("INVALID_EMAIL", "email", `Email address ${raw.id} is invalid`));
      }
      errors.push(...this.validate(properties));
      inputs.push({ id: raw.id, idProperty, properties });
    }
    if (errors.length) return validationError(errors);
    const seen = new Set<string>();
    const duplicates = inputs.map((i) => i.id.toLowerCase()).filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
    if (duplicates.length) {
      return error(
        400,
        `Duplicate IDs found in batch input: [${[...new Set(duplicates)].join(", ")}]. IDs must be unique`,
        "VALIDATION_ERROR",
      );
    }
    const results = inputs.map((input) => {
      const existing = this.findContact(input.id, input.idProperty);
      if (existing) {
        this.applyUpdate(existing, input.properties);
        return { ...this.present(existing, Object.keys(input.properties)), new: false };
      }
      const created = this.insertContact(input.properties);
      return { ...this.present(created, Object.keys(input.properties)), new: true };
    });
    return ok(200, { status: "COMPLETE", results, startedAt, completedAt: new Date().toISOString() });
  }

  private createContact(request: RecordedRequest): Reply {
    if (!isRecord(request.body)) return invalidInput(request, "properties");
    const properties = normaliseProperties(isRecord(request.body.properties) ? request.body.properties : {});
    const errors = this.validate(properties);
    if (errors.length) return validationError(errors);
    if (properties.email) {
      const existing = this.findContact(properties.email, "email");
      if (existing) return conflict(existing.id);
    }
    const contact = this.insertContact(properties);
    return ok(201, this.present(contact, Object.keys(properties)));
  }

  private updateContact(request: RecordedRequest, idOrValue: string): Reply {
    const contact = this.findContact(idOrValue, request.query.idProperty);
    if (!contact) return notFound();
    if (!isRecord(request.body)) return invalidInput(request, "properties");
    const properties = normaliseProperties(isRecord(request.body.properties) ? request.body.properties : {});
    const errors = this.validate(properties);
    if (errors.length) return validationError(errors);
    if (properties.email) {
      const other = this.findContact(properties.email, "email");
      if (other && other.id !== contact.id) return conflict(other.id);
    }
    this.applyUpdate(contact, properties);
    return ok(200, this.present(contact, Object.keys(properties)));
  }

  private listContacts(request: RecordedRequest): Reply {
    const limit = Math.min(Math.max(Number(request.query.limit ?? 10) || 10, 1), 100);
    const all = this.contacts();
    const after = request.query.after;
    const start = after ? all.findIndex((c) => Number(c.id) > Number(after)) : 0;
    const page = start < 0 ? [] : all.slice(start, start + limit);
    const names = requestedProperties(request.query.properties);
    const body: Record<string, unknown> = { results: page.map((contact) => this.present(contact, names)) };
    const next = start < 0 ? undefined : all[start + limit];
    if (next) {
      body.paging = { next: { after: next.id, link: `${this.url}/crm/v3/objects/contacts?limit=${limit}&after=${next.id}` } };
    }
    return ok(200, body);
  }

  /** Minimal CRM search: `filterGroups` of `EQ` / `IN` filters (OR between groups, AND within). */
  private search(request: RecordedRequest): Reply {
    const body = isRecord(request.body) ? request.body : {};
    const groups = Array.isArray(body.filterGroups) ? (body.filterGroups as unknown[]) : [];
    const matches = (contact: HubSpotContact): boolean =>
      groups.length === 0 ||
      groups.some((group) => {
        const filters = isRecord(group) && Array.isArray(group.filters) ? (group.filters as unknown[]) : [];
        return filters.every((filter) => {
          if (!isRecord(filter) || typeof filter.propertyName !== "string") return false;
          const actual = (contact.properties[filter.propertyName] ?? "").toLowerCase();
          if (filter.operator === "EQ") return actual === String(filter.value ?? "").toLowerCase();
          if (filter.operator === "IN" && Array.isArray(filter.values))
            return filter.values.some((v) => String(v).toLowerCase() === actual);
          if (filter.operator === "HAS_PROPERTY") return actual !== "";
          return false;
        });
      });
    const names = Array.isArray(body.properties) ? body.properties.map(String) : undefined;
    const results = this.contacts().filter(matches);
    const limit = Number(body.limit ?? 10) || 10;
    return ok(200, { total: results.length, results: results.slice(0, limit).map((c) => this.present(c, names)) });
  }

  // ---- lists --------------------------------------------------------------------------------

  private addMemberships(request: RecordedRequest, listId: string): Reply {
    const entry = this.lists.get(listId);
    if (!entry) return listNotFound(listId);
    if (!Array.isArray(request.body)) return invalidInput(request, "recordIds");
    if (entry.list.processingType === "DYNAMIC") {
      return error(
        400,
        `List ${listId} has processing type DYNAMIC; memberships can only be changed on MANUAL or SNAPSHOT lists.`,
        "VALIDATION_ERROR",
      );
    }
    const added: string[] = [];
    const missing: string[] = [];
    for (const id of request.body.map(String)) {
      const contact = this.store.get(id);
      if (!contact || contact.archived) missing.push(id);
      else if (!entry.members.has(id)) {
        entry.members.add(id);
        added.push(id);
      }
    }
    entry.list.updatedAt = new Date().toISOString();
    return ok(200, { [this.membershipAddedKey]: added, recordIdsMissing: missing });
  }

  // ---- internals ----------------------------------------------------------------------------

  private validate(properties: Record<string, string>): PropertyError[] {
    const errors: PropertyError[] = [];
    for (const [name, value] of Object.entries(properties)) {
      const property = this.properties.get(name);
      if (!property || property.archived) {
        errors.push(propertyError("PROPERTY_DOESNT_EXIST", name, `Property "${name}" does not exist`));
        continue;
      }
      if (property.modificationMetadata.readOnlyValue) {
        errors.push(propertyError("READ_ONLY_VALUE", name, `${name} is a read only property; its value cannot be set.`));
        continue;
      }
      if (name === "email" && value !== "" && !EMAIL_RE.test(value)) {
        errors.push(propertyError("INVALID_EMAIL", name, `Email address ${value} is invalid`));
        continue;
      }
      if (property.type === "enumeration" && value !== "") {
        const allowed = property.options.map((o) => o.value);
        const given = property.fieldType === "checkbox" ? value.split(";") : [value];
        if (given.some((v) => !allowed.includes(v))) {
          errors.push(
            propertyError(
              "INVALID_OPTION",
              name,
              `${value} was not one of the allowed options: [${property.options.map((o) => o.label).join(", ")}]`,
            ),
          );
        }
      }
    }
    return errors;
  }

  private findContact(idOrValue: string, idProperty: string | undefined): HubSpotContact | undefined {
    if (!idProperty || idProperty === "hs_object_id") {
      const contact = this.store.get(idOrValue);
      return contact && !contact.archived ? contact : undefined;
    }
    const wanted = idOrValue.toLowerCase();
    return [...this.store.values()].find((c) => !c.archived && (c.properties[idProperty] ?? "").toLowerCase() === wanted);
  }

  private insertContact(properties: Record<string, string>): HubSpotContact {
    const now = new Date().toISOString();
    const id = String(this.nextContactId++);
    const contact: HubSpotContact = {
      id,
      properties: { ...properties, createdate: now, lastmodifieddate: now, hs_object_id: id },
      createdAt: now,
      updatedAt: now,
      archived: false,
    };
    if (contact.properties.email) contact.properties.email = contact.properties.email.toLowerCase();
    this.store.set(id, contact);
    return contact;
  }

  private applyUpdate(contact: HubSpotContact, properties: Record<string, string>): void {
    const now = new Date().toISOString();
    Object.assign(contact.properties, properties, { lastmodifieddate: now });
    if (contact.properties.email) contact.properties.email = contact.properties.email.toLowerCase();
    contact.updatedAt = now;
  }

  /** The record as HubSpot returns it: the written (or requested) properties plus the system ones. */
  private present(contact: HubSpotContact, names?: string[]): HubSpotContactJson {
    const wanted = new Set(names ?? ["email", "firstname", "lastname"]);
    for (const system of ["createdate", "hs_object_id", "lastmodifieddate"]) wanted.add(system);
    const properties: Record<string, string | null> = {};
    for (const name of wanted) {
      if (contact.properties[name] !== undefined) properties[name] = contact.properties[name];
      else if (this.properties.has(name)) properties[name] = null;
    }
    return {
      id: contact.id,
      properties,
      createdAt: contact.createdAt,
      updatedAt: contact.updatedAt,
      archived: contact.archived,
    };
  }
}

export async function startFakeHubSpot(options: FakeHubSpotOptions = {}): Promise<FakeHubSpot> {
  return new FakeHubSpot(options).listen();
}

/** HubSpot's 429 body and headers for the per-second limit of a private app. */
export function hubspotRateLimitReply(): Reply {
  return {
    status: 429,
    headers: {
      ...JSON_HEADERS,
      "X-HubSpot-RateLimit-Interval-Milliseconds": "1000",
      "X-HubSpot-RateLimit-Max": "100",
      "X-HubSpot-RateLimit-Remaining": "0",
      "X-HubSpot-RateLimit-Secondly": "10",
      "X-HubSpot-RateLimit-Secondly-Remaining": "0",
    },
    body: {
      status: "error",
      message: "You have reached your secondly limit.",
      errorType: "RATE_LIMIT",
      correlationId: randomUUID(),
      policyName: "SECONDLY",
      groupName: "publicapi:private-app-api-calls-secondly",
    },
  };
}

function ok(status: number, body: unknown): Reply {
  return { status, headers: JSON_HEADERS, body };
}

function error(status: number, message: string, category: string, extra: Record<string, unknown> = {}): Reply {
  return { status, headers: JSON_HEADERS, body: { status: "error", message, correlationId: randomUUID(), ...extra, category } };
}

function notFound(): Reply {
  return error(404, "resource not found", "OBJECT_NOT_FOUND");
}

function listNotFound(listId: string): Reply {
  return error(404, `List does not exist with ID ${listId}.`, "OBJECT_NOT_FOUND");
}

function conflict(existingId: string): Reply {
  return error(409, `Contact already exists. Existing ID: ${existingId}`, "CONFLICT");
}

function invalidInput(request: RecordedRequest, field: string): Reply {
  const detail = request.bodyError ? request.bodyError : `${field} is required`;
  return error(400, `Invalid input JSON on line 1, column 1: ${detail}`, "VALIDATION_ERROR");
}

function propertyError(code: PropertyError["error"], name: string, message: string): PropertyError {
  return { isValid: false, message, error: code, name, localizedErrorMessage: message, portalId: HUBSPOT_PORTAL_ID };
}

/** HubSpot embeds the per-property errors as a JSON array inside `message`. */
function validationError(errors: PropertyError[]): Reply {
  return error(400, `Property values were not valid: ${JSON.stringify(errors)}`, "VALIDATION_ERROR");
}

/** HubSpot accepts numbers/booleans and stores every value as a string; null clears a value. */
function normaliseProperties(input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    out[name] = value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  return out;
}

function requestedProperties(query: string | undefined): string[] | undefined {
  return query
    ? query
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

function cloneContact(contact: HubSpotContact): HubSpotContact {
  return { ...contact, properties: { ...contact.properties } };
}
