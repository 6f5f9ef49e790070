import type { Context } from "hono";
import { XMLBuilder } from "fast-xml-parser";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** LeadConduit's response body: JSON by default, `<result>` XML when Accept asks for XML. */
export interface LeadResponseBody {
  outcome: "success" | "failure" | "error";
  reason?: string;
  lead?: { id: string };
  price: number;
  /** Only with `?wait=`: each delivery's first attempt. */
  deliveries?: unknown[];
}

const xmlBuilder = new XMLBuilder({ format: false, suppressEmptyNode: true });

export function wantsXml(accept: string | undefined): boolean {
  if (!accept) return false;
  const xml = /\b(application|text)\/xml\b/i.test(accept);
  return xml && !/\bapplication\/json\b/i.test(accept);
}

export function leadResponse(c: Context, status: ContentfulStatusCode, body: LeadResponseBody): Response {
  if (wantsXml(c.req.header("accept"))) {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>${xmlBuilder.build({ result: body })}`;
    return c.body(xml, status, { "content-type": "application/xml; charset=utf-8" });
  }
  return c.json(body, status);
}
