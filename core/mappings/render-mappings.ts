import Handlebars from "handlebars";
import type { FieldMapping } from "./field-mapping.ts";

/**
 * Outbound field mapping: each mapping is a Handlebars template rendered over the lead
 * (`{{lead.first_name}}`, `{{raw.phone_1}}`, `{{lead.mortgage.loan.amount}}`), as LeadConduit
 * does. Values are not HTML-escaped (they go to APIs, not pages). Compiled templates are cached
 * per template text, so a destination edit takes effect on the next delivery.
 */
export interface MappingContext {
  lead: Record<string, unknown>;
  raw: Record<string, unknown>;
}

const handlebars = Handlebars.create();
const compiled = new Map<string, HandlebarsTemplateDelegate>();
const MAX_CACHED_TEMPLATES = 10_000;

export class MappingTemplateError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`Field mapping for ${field} is not a valid template: ${message}`);
    this.name = "MappingTemplateError";
  }
}

function compile(mapping: FieldMapping): HandlebarsTemplateDelegate {
  let template = compiled.get(mapping.template);
  if (!template) {
    try {
      template = handlebars.compile(mapping.template, { noEscape: true, strict: false });
      // Handlebars compiles lazily; render once so syntax errors surface here.
      template({});
    } catch (error) {
      throw new MappingTemplateError(mapping.to, (error as Error).message.split("\n")[0] ?? "syntax error");
    }
    if (compiled.size >= MAX_CACHED_TEMPLATES) compiled.clear();
    compiled.set(mapping.template, template);
  }
  return template;
}

/** Throws MappingTemplateError naming the first mapping whose template does not parse. */
export function checkMappingTemplates(mappings: FieldMapping[]): void {
  for (const mapping of mappings) compile(mapping);
}

/** Renders every mapping; fields that render empty are left out. */
export function renderMappings(mappings: FieldMapping[], context: MappingContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const mapping of mappings) {
    const value = compile(mapping)(context).trim();
    if (value !== "") out[mapping.to] = value;
  }
  return out;
}
