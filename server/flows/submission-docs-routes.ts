import { createRoute, z } from "@hono/zod-openapi";
import { getSubmissionDocs } from "../../core/flows/submission-docs.ts";
import { Refusal } from "../../core/refusal.ts";
import { createRouter, publicAccess } from "../create-router.ts";
import { errorSchema } from "../openapi-schemas.ts";
import type { ManagementDeps } from "../management-deps.ts";
import { messagePage, setPageHeaders } from "../pages/page-layout.ts";
import { submissionDocsPage } from "./submission-docs-page.ts";
import { idParam } from "../path-params.ts";
import { json } from "../openapi/json-content.ts";

const docsSchema = z
  .object({
    flow: z.object({ id: z.string(), name: z.string() }),
    source: z.object({ id: z.string(), name: z.string() }),
    seller_account: z.string().nullable(),
    accepting: z.boolean(),
    not_accepting_reason: z.string().nullable(),
    submit_url: z.string(),
    methods: z.array(z.string()),
    content_types: z.array(z.string()),
    authentication: z.string(),
    fields: z.array(z.object({ name: z.string(), label: z.string(), type: z.string(), required: z.boolean(), standard: z.boolean() })),
    rules: z.array(z.string()),
    caps: z
      .array(z.string())
      .openapi({ description: 'The source\'s volume caps in words; a live lead over one is answered failure "Cap reached"' }),
    responses: z.array(z.object({ outcome: z.string(), meaning: z.string() })),
    example: z.object({ body: z.record(z.string(), z.string()), curl: z.string() }),
  })
  .openapi("SubmissionDocs");

const docsRoute = createRoute({
  method: "get",
  path: "/flows/{flowId}/sources/{sourceId}/docs",
  operationId: "getSubmissionDocs",
  tags: ["Flows"],
  summary: "How a seller posts leads to this source (no key needed)",
  description:
    "Fields (standard and the flow's own), which are required, the acceptance rules and volume caps in words and a curl example with a placeholder for the posting key. HTML for a browser; JSON with Accept: application/json.",
  request: { params: z.object({ flowId: idParam, sourceId: idParam }) },
  responses: {
    200: { content: { "application/json": { schema: docsSchema }, "text/html": { schema: z.string() } }, description: "The docs" },
    404: json(errorSchema, "Unknown flow or source"),
  },
});

export function submissionDocsRoutes(deps: ManagementDeps) {
  return createRouter(publicAccess).openapi(docsRoute, async (c) => {
    const { flowId, sourceId } = c.req.valid("param");
    const docs = await getSubmissionDocs(deps.prisma, flowId, sourceId, deps.publicUrl);
    const wantsJson = c.req.header("accept")?.includes("application/json") ?? false;
    if (!docs) {
      if (wantsJson) throw new Refusal("not_found", "not_found", "Unknown flow or source");
      setPageHeaders(c);
      return c.html(
        messagePage({
          title: "Unknown flow or source",
          message: "No flow source matches this link: ask the buyer for its docs link again.",
        }),
        404,
      );
    }
    if (wantsJson) return c.json(docs, 200);
    setPageHeaders(c);
    return c.html(submissionDocsPage(docs), 200);
  });
}
