import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { TEST_IDENTITY_API_KEY, testConfig } from "../support/test-config.ts";

/** The public URL the documented service runs at in these suites (it becomes the document's `servers`). */
export const DOCUMENTED_PUBLIC_URL = "https://leads.leadrelay.test";

export interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; schema?: unknown; required?: boolean }[];
  requestBody?: {
    required?: boolean;
    content: Record<string, { schema?: unknown; example?: unknown; examples?: Record<string, unknown> }>;
  };
  responses: Record<
    string,
    {
      description: string;
      headers?: Record<string, unknown>;
      content?: Record<string, { schema?: unknown; example?: unknown; examples?: Record<string, { value: unknown }> }>;
    }
  >;
}

export interface OpenApiDocument {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }>;
    schemas: Record<string, unknown>;
  };
}

/**
 * The whole service as `npm start` builds it, with every optional part on (management API,
 * identity provider, single- and multi-workspace Slack) so that every route is registered.
 * Slack's API is pointed at a closed local port: nothing here talks to Slack.
 */
export function startDocumentedService(): Promise<RunningService> {
  return startService(
    testConfig({
      RUN_WORKERS: "false",
      PUBLIC_URL: DOCUMENTED_PUBLIC_URL,
      IDENTITY_API_KEY: TEST_IDENTITY_API_KEY,
      SLACK_BOT_TOKEN: "xoxb-documented",
      SLACK_SIGNING_SECRET: "documented-signing-secret",
      SLACK_CLIENT_ID: "1.2",
      SLACK_CLIENT_SECRET: "documented-client-secret",
      SLACK_STATE_SECRET: "documented-state-secret",
      SLACK_API_URL: "http://127.0.0.1:9/api/",
    }),
    createLogger("silent"),
  );
}

export async function servedDocument(service: RunningService): Promise<OpenApiDocument> {
  const res = await fetch(`${service.url}/openapi.json`);
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
  return (await res.json()) as OpenApiDocument;
}

export function operationsOf(doc: OpenApiDocument): { key: string; path: string; method: string; operation: OpenApiOperation }[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, path, method, operation })),
  );
}
