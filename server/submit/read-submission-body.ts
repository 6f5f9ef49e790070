import type { Context } from "hono";
import { XMLParser } from "fast-xml-parser";
import { SUBMISSION_LIMITS } from "../../core/leads/submission-fields.ts";
import { decodeBody, SUPPORTED_CHARSETS_HINT, textDecoder, xmlDeclaredEncoding } from "./body-charset.ts";
import { parameter, parseMultipartForm } from "./multipart-form.ts";
import { parseUrlencodedForm } from "./urlencoded-form.ts";

export type SubmissionBody = { ok: true; body: Record<string, unknown> } | { ok: false; status: 400 | 415; reason: string };

export const ACCEPTED_CONTENT_TYPES = "application/json, application/x-www-form-urlencoded, multipart/form-data or application/xml";

/** Parsing cost grows with elements (about 0.05 ms each here): a lead has far fewer. */
const MAX_XML_ELEMENTS = 5 * SUBMISSION_LIMITS.maxFields;

const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  ignoreDeclaration: true,
  maxNestedTags: SUBMISSION_LIMITS.maxDepth + 1,
});

/**
 * Reads a lead POST body by its Content-Type: JSON object, form fields (urlencoded or multipart),
 * or XML rooted at <lead>. Text is decoded by the declared charset (for XML, else by its prolog's
 * encoding), UTF-8 by default. Every refusal is 400 or 415 with a reason naming the problem.
 */
export async function readSubmissionBody(c: Context): Promise<SubmissionBody> {
  const header = c.req.header("content-type") ?? "";
  const contentType = header.split(";")[0]!.trim().toLowerCase();
  const charset = parameter(header, "charset");
  const bytes = new Uint8Array(await c.req.arrayBuffer());

  if (contentType === "application/json" || contentType.endsWith("+json")) {
    const text = decodeBody(bytes, charset);
    if (!text.ok) return { ok: false, status: 415, reason: text.reason };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.text);
    } catch {
      return { ok: false, status: 400, reason: "Malformed JSON body" };
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      return { ok: false, status: 400, reason: "JSON body must be an object of lead fields" };
    }
    return { ok: true, body: parsed as Record<string, unknown> };
  }
  if (contentType === "application/x-www-form-urlencoded") {
    const decoder = textDecoder(charset ?? "utf-8");
    if (!decoder)
      return { ok: false, status: 415, reason: `Unsupported charset ${JSON.stringify(charset)}: send ${SUPPORTED_CHARSETS_HINT}` };
    return { ok: true, body: lastValues(parseUrlencodedForm(bytes, decoder)) };
  }
  if (contentType === "multipart/form-data") {
    const form = parseMultipartForm(bytes, parameter(header, "boundary"));
    if (!form.ok) return { ok: false, status: 400, reason: form.reason };
    return { ok: true, body: lastValues(form.fields) };
  }
  if (contentType === "application/xml" || contentType === "text/xml") {
    const text = decodeBody(bytes, charset ?? xmlDeclaredEncoding(bytes));
    if (!text.ok) return { ok: false, status: 415, reason: text.reason };
    // XML 1.0 cannot carry NUL at all: read it as an undecodable character, as a charset decoder
    // does with bytes it cannot decode (intake then notes the field on the lead).
    const xml = text.text.replaceAll("\u0000", "\ufffd");
    if ((xml.match(/<[^/!?]/g)?.length ?? 0) > MAX_XML_ELEMENTS) {
      return { ok: false, status: 400, reason: `Malformed XML body: more than ${MAX_XML_ELEMENTS} elements` };
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = xmlParser.parse(xml, true) as Record<string, unknown>;
    } catch (error) {
      return { ok: false, status: 400, reason: `Malformed XML body: ${xmlProblem(error)}` };
    }
    const lead = parsed.lead;
    if (lead === undefined) return { ok: false, status: 400, reason: "XML root element must be <lead>" };
    return { ok: true, body: lead && typeof lead === "object" ? (lead as Record<string, unknown>) : {} };
  }
  return {
    ok: false,
    status: 415,
    reason: contentType
      ? `Unsupported Content-Type ${contentType}: send ${ACCEPTED_CONTENT_TYPES}`
      : `Missing Content-Type: send ${ACCEPTED_CONTENT_TYPES}`,
  };
}

/** A repeated form field keeps its last value. */
function lastValues(fields: Map<string, string[]>): Record<string, unknown> {
  const body = Object.create(null) as Record<string, unknown>;
  for (const [name, values] of fields) if (values.length) body[name] = values.at(-1);
  return body;
}

function xmlProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/nested tags/i.test(message)) return `elements are nested deeper than ${SUBMISSION_LIMITS.maxDepth} levels`;
  return message.split("\n")[0]!.slice(0, 200);
}
