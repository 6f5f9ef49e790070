import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

/** The Scalar API reference's browser bundle, served by the service itself so /docs needs no CDN. */
export interface ApiReferenceBundle {
  /** Where the page loads it: the file name carries the content's hash, so it can be cached for good. */
  path: string;
  body: Buffer;
  gzipped: Buffer;
}

export const API_REFERENCE_ASSETS_PATH = "/docs/assets";

/**
 * The standalone build of `@scalar/api-reference` (a direct dependency, pinned, so the file is always
 * installed): one self-contained script that renders the page from /openapi.json. Its package does
 * not export the file, so it is found beside the package's entry point.
 */
export function apiReferenceBundleFile(): string {
  const entry = createRequire(import.meta.url).resolve("@scalar/api-reference");
  return path.join(path.dirname(entry), "browser", "standalone.js");
}

let loading: Promise<ApiReferenceBundle> | undefined;

/** Read, hashed and gzipped once per process, on the first request for /docs (about 5 MB, 1.4 MB gzipped). */
export function apiReferenceBundle(): Promise<ApiReferenceBundle> {
  loading ??= loadBundle().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function loadBundle(): Promise<ApiReferenceBundle> {
  const body = await readFile(apiReferenceBundleFile());
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 16);
  const gzipped = await promisify(gzip)(body);
  return { path: `${API_REFERENCE_ASSETS_PATH}/scalar-api-reference.${hash}.js`, body, gzipped };
}
