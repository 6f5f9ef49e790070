import { createHash } from "node:crypto";
import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

/**
 * The one layout every page people look at shares (invitation landing page, a source's
 * submission docs, the Slack install and Salesforce authorization results): readable on a phone,
 * system fonts, no external asset (the style and the copy-button script are inline, allowed by
 * hash in the Content-Security-Policy, so nothing else can run or load). Interpolated values are
 * escaped by hono's `html`.
 */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1c1d;background:#f6f6f4}
header{background:#fff;border-bottom:1px solid #e2e2de}
header p{margin:0 auto;max-width:44rem;padding:.75rem 1rem;font-weight:700;letter-spacing:.01em}
main{max-width:44rem;margin:0 auto;padding:1.5rem 1rem 3rem}
main.wide{max-width:60rem}
.card{background:#fff;border:1px solid #e2e2de;border-radius:10px;padding:1.25rem;margin:0 0 1rem}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 .75rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.card>h2:first-child{margin-top:0}
p{margin:.5rem 0}
.muted{color:#5e5d5a}
.status{display:inline-block;border-radius:999px;padding:.1rem .7rem;font-size:.875rem;font-weight:600;background:#e8f0fe;color:#1b4aa6}
.status.bad{background:#fdecea;color:#8a1c12}
.status.done{background:#e6f4ea;color:#1e6b34}
.button{display:inline-block;border:0;border-radius:8px;padding:.7rem 1.2rem;font:inherit;font-weight:600;text-decoration:none;cursor:pointer;background:#fff;color:#1b4aa6;box-shadow:inset 0 0 0 1px #b7c6e6;margin:.25rem .5rem .25rem 0;min-height:44px}
.button.primary{background:#1b4aa6;color:#fff;box-shadow:none}
.button:focus-visible,a:focus-visible{outline:3px solid #f2b01e;outline-offset:2px}
form{display:inline}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
code{background:#f0f0ee;border-radius:4px;padding:.05rem .3rem;overflow-wrap:anywhere}
pre{background:#f0f0ee;border-radius:8px;padding:1rem;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}
.copy{display:flex;gap:.5rem;align-items:stretch;flex-wrap:wrap}
.copy code{flex:1 1 16rem;display:block;padding:.6rem .75rem;background:#f0f0ee}
.copy .button{margin:0}
ul.fields{padding:0;margin:.25rem 0;list-style:none;display:flex;flex-wrap:wrap;gap:.4rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
dt{color:#5e5d5a}dd{margin:0;overflow-wrap:anywhere}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{border-bottom:1px solid #e2e2de;padding:.45rem .5rem;text-align:left;vertical-align:top}
th{font-weight:600;background:#fafaf8}
td code{white-space:nowrap;overflow-wrap:normal}
[role=status]{min-height:1.5em}
.notice{background:#e6f4ea;border-radius:8px;padding:.6rem .8rem}
@media (max-width:30rem){h1{font-size:1.35rem}.card{padding:1rem}dl{grid-template-columns:1fr}dd{margin-bottom:.4rem}table{font-size:.85rem}th,td{padding:.35rem .3rem}}
`;

/** Copies the text of the element a `data-copy` button names (the one script any page runs). */
const SCRIPT = `
for (const button of document.querySelectorAll("button[data-copy]")) {
  button.addEventListener("click", async () => {
    const text = document.getElementById(button.dataset.copy).textContent;
    const status = document.getElementById(button.dataset.copy + "-status");
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "Copied. Paste it in Slack.";
    } catch {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById(button.dataset.copy));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      status.textContent = "Selected: copy it with Ctrl+C (⌘C on a Mac).";
    }
  });
}
`;

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/** Nothing loads or runs but the inline style and script above; forms post only to us; no framing. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(SCRIPT)}`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export interface PageInput {
  title: string;
  body: HtmlEscapedString | Promise<HtmlEscapedString>;
  /** Wide pages (tables): the submission docs. */
  wide?: boolean;
  /** The page has `data-copy` buttons: include the (only) script. Other pages run none. */
  copyButtons?: boolean;
}

export function pageLayout(input: PageInput) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${input.title} · leadrelay</title><style>${raw(STYLE)}</style></head>
<body><header><p>leadrelay</p></header>
<main${input.wide ? raw(' class="wide"') : ""}>${input.body}</main>
${input.copyButtons ? html`<script>${raw(SCRIPT)}</script>` : ""}</body></html>`;
}

/** Headers every page answer carries: the CSP, no caching (pages show live state), no referrer, no sniffing. */
export function setPageHeaders(c: Context): void {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
}

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": PAGE_CSP,
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

/** A page with one message (results of OAuth round trips, not-found pages). */
export function messagePage(input: { title: string; message: string; next?: HtmlEscapedString | Promise<HtmlEscapedString> }) {
  return pageLayout({
    title: input.title,
    body: html`<div class="card"><h1>${input.title}</h1><p>${input.message}</p>${input.next ?? ""}</div>`,
  });
}
