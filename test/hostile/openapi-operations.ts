/** The operations of a running service's /openapi.json, for suites that walk every route. */
export interface Operation {
  method: string;
  /** The OpenAPI path, e.g. /flows/{id}/steps/{destinationId}. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** The JSON body schema's top-level properties (empty when the body is not an object). */
  bodyProperties: Record<string, { type?: string | string[] }>;
  hasJsonBody: boolean;
  security: string[];
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ in: string; name: string }>;
        requestBody?: { content?: Record<string, { schema?: unknown }> };
        security?: Array<Record<string, unknown>>;
      }
    >
  >;
  components?: { schemas?: Record<string, unknown> };
}

function resolve(doc: OpenApiDocument, schema: unknown): Record<string, unknown> {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  if (ref) return resolve(doc, doc.components?.schemas?.[ref.replace("#/components/schemas/", "")]);
  return (schema ?? {}) as Record<string, unknown>;
}

export async function openApiOperations(baseUrl: string): Promise<Operation[]> {
  const doc = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as OpenApiDocument;
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const json = operation.requestBody?.content?.["application/json"];
      const schema = resolve(doc, json?.schema);
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
        queryParams: (operation.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
        bodyProperties: (schema.properties as Record<string, { type?: string }> | undefined) ?? {},
        hasJsonBody: Boolean(json),
        security: (operation.security ?? []).flatMap((s) => Object.keys(s)),
      });
    }
  }
  return operations;
}
