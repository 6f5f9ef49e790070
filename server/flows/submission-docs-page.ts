import { html } from "hono/html";
import type { SubmissionDocs } from "../../core/flows/submission-docs.ts";
import { pageLayout } from "../pages/page-layout.ts";

/** The seller's submission docs as a page, in the shared layout. Every interpolated value is escaped by `html`. */
export function submissionDocsPage(docs: SubmissionDocs) {
  return pageLayout({
    title: `Posting leads to ${docs.flow.name}`,
    wide: true,
    body: html`<div class="card">
<h1>Posting leads to “${docs.flow.name}”</h1>
<p>Source: ${docs.source.name}${docs.seller_account ? html` (Account Source of ${docs.seller_account})` : ""}</p>
${docs.not_accepting_reason ? html`<p><span class="status bad">${docs.not_accepting_reason}</span></p>` : ""}
</div>
<div class="card">
<h2>Endpoint</h2>
<p><code>${docs.methods.join(" or ")} ${docs.submit_url}</code></p>
<p>Bodies: ${docs.content_types.join(", ")}. Query-string values merge over the body; dotted names (loan.amount) nest.</p>
<p>${docs.authentication}</p>
</div>
<div class="card">
<h2>Fields</h2>
<div class="table"><table><thead><tr><th scope="col">Field</th><th scope="col">Label</th><th scope="col">Type</th><th scope="col">Required</th></tr></thead><tbody>
${docs.fields.map((field) => html`<tr><td><code>${field.name}</code></td><td>${field.label}</td><td>${field.type}</td><td>${field.required ? "yes" : ""}</td></tr>`)}
</tbody></table></div>
</div>
<div class="card">
<h2>Acceptance rules</h2>
${docs.rules.length ? html`<ul>${docs.rules.map((rule) => html`<li>${rule}</li>`)}</ul>` : html`<p>Every lead is accepted.</p>`}
</div>
<div class="card">
<h2>Volume caps</h2>
${docs.caps.length ? html`<ul>${docs.caps.map((cap) => html`<li>${cap}</li>`)}</ul><p>A live lead over a cap is answered <code>failure</code> with the reason <code>Cap reached</code> and is not delivered. Test leads never count.</p>` : html`<p>No volume caps.</p>`}
</div>
<div class="card">
<h2>Responses</h2>
<ul>${docs.responses.map((response) => html`<li><code>${response.outcome}</code>: ${response.meaning}</li>`)}</ul>
</div>
<div class="card">
<h2>Example</h2>
<p>Replace YOUR_POSTING_KEY with your key. This example is a test lead (<code>is_test</code>): it is delivered but marked as a test; leave it out for live leads.</p>
<pre>${docs.example.curl}</pre>
</div>`,
  });
}
