import { describe, expect, it } from "vitest";
import { hubspotIntegration } from "../../core/integrations/hubspot/hubspot-integration.ts";
import { salesforceIntegration } from "../../core/integrations/salesforce/salesforce-integration.ts";
import { webhookIntegration } from "../../core/integrations/webhook/webhook-integration.ts";
import { STANDARD_FIELDS } from "../../core/leads/standard-fields.ts";
import { MAX_BLOCK_DEPTH } from "../../core/mappings/compile-mapping-template.ts";
import { MAX_ELSE_BRANCHES } from "../../core/mappings/template-nesting.ts";
import { sampleMappingContext } from "../../core/mappings/mapping-sample-lead.ts";
import { MAX_MAPPING_OUTPUT_CHARS } from "../../core/mappings/render-budget.ts";
import {
  checkMappingTemplates,
  findMappingTemplateProblems,
  MappingTemplateError,
  MAX_TEMPLATE_CHARS_PER_DESTINATION,
  renderMappings,
} from "../../core/mappings/render-mappings.ts";

describe("outbound field mappings", () => {
  const context = {
    lead: { first_name: "Ada", email: "ada@example.com", mortgage: { loan: { amount: 250000 } }, comments: "<b>&</b>" },
    raw: { phone_1: "(512) 555-0134" },
  };

  it("renders Handlebars templates over the normalised and raw lead, unescaped", () => {
    expect(
      renderMappings(
        [
          { to: "FirstName", template: "{{lead.first_name}}" },
          { to: "Amount", template: "{{lead.mortgage.loan.amount}}" },
          { to: "Phone", template: "{{raw.phone_1}}" },
          { to: "Notes", template: "{{lead.comments}}" },
          { to: "Source", template: "leadrelay" },
        ],
        context,
      ),
    ).toEqual({ FirstName: "Ada", Amount: "250000", Phone: "(512) 555-0134", Notes: "<b>&</b>", Source: "leadrelay" });
  });

  it("leaves out fields that render empty", () => {
    expect(renderMappings([{ to: "LastName", template: "{{lead.last_name}}" }], context)).toEqual({});
  });

  it("names the mapping whose template does not parse", () => {
    expect(() => checkMappingTemplates([{ to: "Company", template: "{{#if lead.company}}" }])).toThrow(MappingTemplateError);
    expect(() => checkMappingTemplates([{ to: "Company", template: "{{lead.company" }])).toThrow(/Field mapping for Company/);
  });
});

describe("the field mapping grammar", () => {
  const problemOf = (template: string) => findMappingTemplateProblems([{ to: "Target", template }])[0]?.message;

  it.each([
    ["plain text", "leadrelay"],
    ["a lead path", "{{lead.first_name}}"],
    ["a raw path", "{{raw.phone_1}}"],
    ["a nested path", "{{lead.mortgage.loan.amount}}"],
    ["triple-stash", "{{{lead.comments}}}"],
    ["a comment", "{{! the buyer's id }}{{lead.reference}}"],
    ["if / else if / else", "{{#if lead.company}}{{lead.company}}{{else if lead.last_name}}{{lead.last_name}}{{else}}Unknown{{/if}}"],
    [
      "a long else-if chain inside two blocks",
      `{{#with lead.a}}{{#if b}}{{#if c}}1${"{{else if d}}2".repeat(8)}{{else}}3{{/if}}{{/if}}{{/with}}`,
    ],
    ["whitespace control and escapes", "{{~lead.first_name~}} \\{{not a tag}} {{ lead.last_name }}"],
    ["unless", "{{#unless lead.is_test}}live{{/unless}}"],
    ["with and relative paths", "{{#with lead.mortgage}}{{loan.amount}} {{this.loan.amount}}{{/with}}"],
    ["blocks three deep", "{{#if lead.a}}{{#with lead.b}}{{#unless c}}x{{/unless}}{{/with}}{{/if}}"],
    ["value helpers with literals", '{{default lead.country "US"}} {{lowercase lead.email}} {{uppercase lead.state}} {{trim raw.city}}'],
    ["one level of sub-expression", '{{lowercase (default lead.email "none@example.com")}}{{#if (trim raw.city)}}x{{/if}}'],
    [
      "every integration's default mappings",
      [...webhookIntegration.defaultMappings, ...hubspotIntegration.defaultMappings, ...salesforceIntegration.defaultMappings]
        .map((m) => m.template)
        .join(" "),
    ],
  ])("accepts %s", (_label, template) => {
    expect(problemOf(template)).toBeUndefined();
  });

  it.each([
    ["lookup", "{{lookup lead}}", /lookup is not allowed/],
    ["lookup inside each", "{{#each lead}}{{lookup}}{{/each}}", /each is not allowed/],
    [
      "each over @root (the 112-character bomb)",
      "{{#each @root.raw}}{{#each @root.raw}}{{#each @root.raw}}{{#each @root.raw}}x{{/each}}{{/each}}{{/each}}{{/each}}",
      /blocks are nested more than 3 deep/,
    ],
    ["each over @root", "{{#each @root.raw}}x{{/each}}", /each is not allowed/],
    ["log", '{{log "x"}}', /log helper is not available/],
    ["a partial", "{{> missing}}", /partials/],
    ["a partial block", "{{#> layout}}x{{/layout}}", /partials/],
    ["an unclosed if inside with", "{{#with lead}}{{#if first_name}}x{{/with}}", /\{\{#if\}\} is closed by \{\{\/with\}\}/],
    ["an unclosed block", "{{#if lead.company}}", /ends before a block or tag is closed/],
    ["a broken tag", "{{lead.company", /unexpected/],
    ["@root", "{{@root.lead.email}}", /data variables such as @root/],
    ["@index", "{{@index}}", /data variables/],
    ["a parent path", "{{#with lead.mortgage}}{{../raw.email}}{{/with}}", /parent paths/],
    ["a path outside lead and raw", "{{process.env.DATABASE_URL}}", /paths start with lead\. or raw\./],
    ["this at the top", "{{this}}", /paths start with lead\. or raw\./],
    [
      "an unknown helper",
      "{{shout lead.first_name}}",
      /unknown helper shout; helpers: if, unless, with, default, lowercase, uppercase, trim/,
    ],
    ["a path called with arguments", "{{lead.first_name lead.last_name}}", /lead\.first_name is not a helper/],
    ["a section over a lead value (iterates lists)", "{{#lead.items}}x{{/lead.items}}", /\{\{#lead\.items\}\} is not an allowed block/],
    ["an inverse section", "{{^lead.items}}x{{/lead.items}}", /\{\{\^lead\.items\}\} is not an allowed block/],
    ["a raw block", "{{{{raw}}}}{{lead.email}}{{{{/raw}}}}", /\{\{#raw\}\} is not an allowed block/],
    ["a block named by a literal", '{{#"if" lead.a}}x{{/"if"}}', /\{\{#"if"\}\} is not an allowed block/],
    ["a decorator", "{{* decorate}}", /decorators/],
    ["an inline partial", '{{#* inline "p"}}x{{/inline}}', /decorators/],
    [
      "blocks four deep",
      "{{#if lead.a}}{{#if lead.b}}{{#if lead.c}}{{#if lead.d}}x{{/if}}{{/if}}{{/if}}{{/if}}",
      new RegExp(`nested more than ${MAX_BLOCK_DEPTH} deep`),
    ],
    ["sub-expressions two deep", "{{lowercase (trim (default lead.email raw.email))}}", /sub-expressions are nested more than one deep/],
    ["named arguments", '{{lowercase lead.email locale="tr"}}', /named arguments \(locale=…\)/],
    ["block parameters", "{{#with lead as |l|}}{{l.email}}{{/with}}", /block parameters/],
    ["a literal mustache", '{{"text"}}', /is a literal/],
    ["a block helper used inline", "{{if lead.email}}", /if is a block/],
    ["a helper with the wrong arity", "{{default lead.country}}", /default takes 2 values/],
  ])("refuses %s, naming the mapping", (_label, template, why) => {
    const message = problemOf(template);
    expect(message).toMatch(/^Field mapping for Target: /);
    expect(message).toMatch(why);
  });

  it("refuses deep nesting before Handlebars' parser sees it (its cost grows with the square of the depth)", () => {
    expect(problemOf(`{{lowercase ${"(trim ".repeat(280)}lead.a${")".repeat(280)}}}`)).toMatch(
      /sub-expressions are nested more than one deep/,
    );
    expect(problemOf("{{#if lead.a}}".repeat(140))).toMatch(/blocks are nested more than 3 deep/);
    expect(problemOf(`{{#if lead.a}}${"{{else if lead.b}}".repeat(MAX_ELSE_BRANCHES + 1)}{{/if}}`)).toMatch(
      /more than 20 \{\{else\}\} branches/,
    );
    // What only looks nested is not.
    expect(problemOf(`{{#if lead.a}}${"{{else if lead.b}}".repeat(MAX_ELSE_BRANCHES - 1)}{{else}}x{{/if}}`)).toBeUndefined();
    expect(problemOf("{{default lead.a \"(((((\"}}{{default lead.b ')))(('}}{{lead.[a(b(c]}}")).toBeUndefined();
    expect(problemOf("{{!-- {{#if a}}{{#if a}}{{#if a}}{{#if a}} --}}{{! (((( }}{{lead.a}}")).toBeUndefined();
    expect(problemOf("\\{{#if}}\\{{#if}}\\{{#if}}\\{{#if}} {{lead.a}}")).toBeUndefined();
  });

  it("bounds the size of all of a destination's templates together", () => {
    const mappings = Array.from({ length: 30 }, (_, i) => ({ to: `f${i}`, template: `{{lead.first_name}}${" ".repeat(980)}` }));
    const problems = findMappingTemplateProblems(mappings);
    expect(problems.map((p) => p.message)).toEqual([
      `Field mapping for f20: the templates of all mappings together are longer than ${MAX_TEMPLATE_CHARS_PER_DESTINATION.toLocaleString("en-US")} characters`,
    ]);
    expect(findMappingTemplateProblems(mappings.slice(0, 20))).toEqual([]);
  });

  it("quotes at most 60 characters of the template in a message", () => {
    expect(problemOf(`{{process.${"x".repeat(500)}}}`)).toBe(
      `Field mapping for Target: {{process.${"x".repeat(51)}…}}: paths start with lead. or raw., e.g. {{lead.first_name}}`,
    );
  });

  it("reports every bad mapping, not only the first", () => {
    const problems = findMappingTemplateProblems([
      { to: "a", template: "{{lead.a}}" },
      { to: "b", template: "{{lookup lead}}" },
      { to: "c", template: "{{> missing}}" },
    ]);
    expect(problems.map((p) => p.field)).toEqual(["b", "c"]);
  });

  it("tries the mappings on a sample lead with every standard field filled", () => {
    const sample = sampleMappingContext();
    for (const field of STANDARD_FIELDS) expect(sample.lead[field.name], field.name).not.toBeUndefined();
    const rendered = renderMappings(webhookIntegration.defaultMappings, sample);
    expect(Object.keys(rendered).sort()).toEqual(STANDARD_FIELDS.map((f) => f.name).sort());
  });
});

describe("rendering", () => {
  it("follows Handlebars' truthiness for if, unless and with", () => {
    const lead = { zero: 0, empty: "", none: null, list: [], t: true, obj: { x: "in" } };
    const render = (template: string) => renderMappings([{ to: "v", template }], { lead, raw: {} }).v ?? "";
    expect(
      render(
        "{{#if lead.zero}}y{{else}}n{{/if}}{{#if lead.empty}}y{{else}}n{{/if}}{{#if lead.none}}y{{else}}n{{/if}}{{#if lead.list}}y{{else}}n{{/if}}{{#if lead.t}}y{{/if}}",
      ),
    ).toBe("nnnny");
    expect(render("{{#unless lead.missing}}shown{{/unless}}")).toBe("shown");
    expect(render("{{#with lead.obj}}{{x}}{{else}}none{{/with}}{{#with lead.missing}}{{x}}{{else}}-none{{/with}}")).toBe("in-none");
    expect(render('{{default lead.zero "fallback"}} {{default lead.empty "fallback"}}')).toBe("0 fallback");
  });

  it("never throws on any value intake can store, and never reaches a prototype", () => {
    const lead: Record<string, unknown> = JSON.parse(
      JSON.stringify({
        first_name: { toString: "x" },
        email: { valueOf: "1", toString: "2" },
        nested: { a: { b: [1, { c: null }] } },
        list: ["a", null, 3, true],
        none: null,
        n: 12.5,
        yes: false,
        long: "y".repeat(200_000),
      }),
    );
    Object.defineProperty(lead, "__proto__", { value: { polluted: "yes" }, enumerable: true });
    const mappings = [
      "first_name",
      "email",
      "nested",
      "list",
      "none",
      "n",
      "yes",
      "long",
      "__proto__",
      "constructor",
      "toString",
      "valueOf",
      "hasOwnProperty",
    ].map((name) => ({
      to: name,
      template: `{{lead.${name}}}`,
    }));
    const out = renderMappings(
      [...mappings, { to: "deep", template: "{{lead.email.toString}}|{{lead.first_name.constructor.name}}|{{lead.__proto__.polluted}}" }],
      { lead, raw: lead },
    );
    expect(out).toEqual({
      first_name: '{"toString":"x"}',
      email: '{"valueOf":"1","toString":"2"}',
      nested: '{"a":{"b":[1,{"c":null}]}}',
      list: "a,,3,true",
      n: "12.5",
      yes: "false",
      long: "y".repeat(200_000),
      deep: "2||",
    });
  });

  it("caps what one mapping and one delivery may produce, whatever the lead holds", () => {
    const lead = { big: "x".repeat(300_000) };
    const fiveTimes = "{{lead.big}}".repeat(5);
    expect(() => renderMappings([{ to: "Notes", template: fiveTimes }], { lead, raw: {} })).toThrow(
      new MappingTemplateError("Notes", `output is longer than ${MAX_MAPPING_OUTPUT_CHARS.toLocaleString("en-US")} characters`),
    );
    const many = Array.from({ length: 20 }, (_, i) => ({ to: `f${i}`, template: "{{lead.big}}" }));
    expect(() => renderMappings(many, { lead, raw: {} })).toThrow(/all fields together are longer than/);
    // Work that produces no output is counted too: a condition over the whole lead, many times.
    const quiet = [{ to: "q", template: "{{#if (lowercase lead)}}{{/if}}".repeat(60) }];
    expect(() => renderMappings(quiet, { lead, raw: {} })).toThrow(/rendering the lead's fields produces more than/);
  });

  it("keeps a mapping to __proto__ as an ordinary field", () => {
    const out = renderMappings([{ to: "__proto__", template: "{{lead.a}}" }], { lead: { a: "1" }, raw: {} });
    expect(Object.keys(out)).toEqual(["__proto__"]);
    expect(JSON.stringify(out)).toBe('{"__proto__":"1"}');
  });
});
