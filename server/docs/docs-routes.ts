import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";
import { errorBody } from "../error-body.ts";
import { API_REFERENCE_ASSETS_PATH, apiReferenceBundle } from "./api-reference-bundle.ts";

/** The bundle's URL changes with its content, so a browser may keep it for a year without asking again. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * `GET /docs`: the browsable API reference (Scalar) over `/openapi.json`, and the reference's
 * script from this service (`/docs/assets/…`): the page makes no request to another host, so it
 * renders offline and behind a strict network policy. Off-host features are switched off: Scalar's
 * default fonts (fonts.scalar.com), its request proxy (proxy.scalar.com would see the keys a reader
 * tries), telemetry, the AI agent and the developer toolbar (links to Scalar's hosted services).
 */
export function docsRoutes(): Hono {
  const app = new Hono();
  app.get(
    "/docs",
    async (c, next) => {
      await next();
      c.header("cache-control", "no-cache");
      c.header("content-security-policy", contentSecurityPolicy());
    },
    Scalar(async () => ({
      url: "/openapi.json",
      pageTitle: "leadrelay API",
      cdn: (await apiReferenceBundle()).path,
      withDefaultFonts: false,
      proxyUrl: "",
      telemetry: false,
      agent: { disabled: true },
      showDeveloperTools: "never",
    })),
  );
  // People type the folder form too.
  app.get("/docs/", (c) => c.redirect("/docs", 301));
  app.get(`${API_REFERENCE_ASSETS_PATH}/:file`, async (c) => {
    const bundle = await apiReferenceBundle();
    if (c.req.path !== bundle.path) return c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404);
    c.header("content-type", "text/javascript; charset=utf-8");
    c.header("cache-control", IMMUTABLE);
    c.header("x-content-type-options", "nosniff");
    c.header("vary", "accept-encoding");
    if (/\bgzip\b/i.test(c.req.header("accept-encoding") ?? "")) {
      c.header("content-encoding", "gzip");
      return c.body(new Uint8Array(bundle.gzipped), 200);
    }
    return c.body(new Uint8Array(bundle.body), 200);
  });
  return app;
}

/**
 * Everything the page loads comes from this origin (scripts, styles, fonts, images); the inline
 * parts are Scalar's start-up script and the styles it injects. Requests the reader sends with
 * "Test Request" go to the documented servers, so connect-src stays open.
 */
function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src *",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}
