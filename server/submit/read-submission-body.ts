import type { Context } from "hono";
import { XMLParser } from "fast-xml-parser";

export type SubmissionBody =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; status: 400 | 415; reason: string };

export const ACCEPTED_CONTENT_TYPES = "application/json, application/x-www-form-urlencoded or application/xml";

const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  ignoreDeclaration: true,
});

/** Reads a lead POST body by its Content-Type: JSON object, form fields, or XML rooted at <lead>. */
export async function readSubmissionBody(c: Context): Promise<SubmissionBody> {
  const contentType = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (contentType === "application/json" || contentType.endsWith("+json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await c.req.text());
    } catch {
      return { ok: false, status: 400, reason: "Malformed JSON body" };
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      return { ok: false, status: 400, reason: "JSON body must be an object of lead fields" };
    }
    return { ok: true, body: parsed as Record<string, unknown> };
  }
  if (contentType === "application/x-www-form-urlencoded" || contentType === "multipart/form-data") {
    const form = await c.req.parseBody({ all: true });
    const body: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(form)) {
      const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
      if (values.length) body[key] = values.at(-1);
    }
    return { ok: true, body };
  }
  if (contentType === "application/xml" || contentType === "text/xml") {
    let parsed: Record<string, unknown>;
    try {
      parsed = xmlParser.parse(await c.req.text(), true) as Record<string, unknown>;
    } catch {
      return { ok: false, status: 400, reason: "Malformed XML body" };
    }
    const lead = parsed.lead;
    if (lead === undefined) return { ok: false, status: 400, reason: "XML root element must be <lead>" };
    return { ok: true, body: lead && typeof lead === "object" ? (lead as Record<string, unknown>) : {} };
  }
  return {
    ok: false,
    status: 415,
    reason: contentType ? `Unsupported Content-Type ${contentType}: send ${ACCEPTED_CONTENT_TYPES}` : `Missing Content-Type: send ${ACCEPTED_CONTENT_TYPES}`,
  };
}
