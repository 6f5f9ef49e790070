import { html } from "hono/html";
import type { SubmissionDocs } from "../../core/flows/submission-docs.ts";

/** The seller's submission docs as a page. Every interpolated value is escaped by `html`. */
export function submissionDocsPage(docs: SubmissionDocs) {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Posting leads to ${docs.flow.name} · leadrelay</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}pre{background:#f4f4f4;padding:1rem;overflow-x:auto}</style>
</head><body>
<h1>Posting leads to “${docs.flow.name}”</h1>
<p>Source: ${docs.source.name}${docs.seller_account ? html` (Account Source of ${docs.seller_account})` : ""}</p>
${docs.not_accepting_reason ? html`<p><strong>${docs.not_accepting_reason}</strong></p>` : ""}
<h2>Endpoint</h2>
<p><code>${docs.methods.join(" or ")} ${docs.submit_url}</code></p>
<p>Bodies: ${docs.content_types.join(", ")}. Query-string values merge over the body; dotted names (loan.amount) nest.</p>
<p>${docs.authentication}</p>
<h2>Fields</h2>
<table><thead><tr><th>Field</th><th>Label</th><th>Type</th><th>Required</th></tr></thead><tbody>
${docs.fields.map((field) => html`<tr><td><code>${field.name}</code></td><td>${field.label}</td><td>${field.type}</td><td>${field.required ? "yes" : ""}</td></tr>`)}
</tbody></table>
<h2>Acceptance rules</h2>
${docs.rules.length ? html`<ul>${docs.rules.map((rule) => html`<li>${rule}</li>`)}</ul>` : html`<p>Every lead is accepted.</p>`}
<h2>Volume caps</h2>
${docs.caps.length ? html`<ul>${docs.caps.map((cap) => html`<li>${cap}</li>`)}</ul><p>A live lead over a cap is answered <code>failure</code> with the reason <code>Cap reached</code> and is not delivered. Test leads never count.</p>` : html`<p>No volume caps.</p>`}
<h2>Responses</h2>
<ul>${docs.responses.map((response) => html`<li><code>${response.outcome}</code>: ${response.meaning}</li>`)}</ul>
<h2>Example</h2>
<p>Replace YOUR_POSTING_KEY with your key. This example is a test lead (<code>is_test</code>): it is delivered but marked as a test; leave it out for live leads.</p>
<pre>${docs.example.curl}</pre>
</body></html>`;
}
