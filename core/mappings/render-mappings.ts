import { compileMappingTemplate, TemplateGrammarError, type MappingTemplate } from "./compile-mapping-template.ts";
import type { FieldMapping } from "./field-mapping.ts";
import { sampleMappingContext } from "./mapping-sample-lead.ts";
import { RenderBudget, RenderLimitError } from "./render-budget.ts";
import { renderMappingTemplate } from "./render-mapping-template.ts";

/**
 * Outbound field mapping: each mapping is a template in the mapping language (an allow-listed
 * subset of Handlebars, see compile-mapping-template.ts) rendered over the lead
 * (`{{lead.first_name}}`, `{{raw.phone_1}}`, `{{lead.mortgage.loan.amount}}`), as LeadConduit
 * does. Values are not HTML-escaped (they go to APIs, not pages). Checked templates are cached
 * per template text, so a destination edit takes effect on the next delivery.
 */
export interface MappingContext {
  lead: Record<string, unknown>;
  raw: Record<string, unknown>;
}

/** A mapping that cannot be used, naming it (`field` is the mapping's `to`) and why. */
export class MappingTemplateError extends Error {
  constructor(
    readonly field: string,
    readonly why: string,
  ) {
    super(`Field mapping for ${field}: ${why}`);
    this.name = "MappingTemplateError";
  }
}

/**
 * All of a destination's templates together, checked at save. Parsing costs a few microseconds
 * per character (after template-nesting.ts's scan), so this bounds the time one save spends
 * parsing (~100 ms at worst on a busy machine); deliveries reuse the cached parse.
 */
export const MAX_TEMPLATE_CHARS_PER_DESTINATION = 20_000;

const compiled = new Map<string, MappingTemplate | TemplateGrammarError>();
const MAX_CACHED_TEMPLATES = 10_000;

function compile(mapping: FieldMapping): MappingTemplate {
  let template = compiled.get(mapping.template);
  if (!template) {
    try {
      template = compileMappingTemplate(mapping.template);
    } catch (error) {
      template = error instanceof TemplateGrammarError ? error : new TemplateGrammarError(`cannot be read (${(error as Error).name})`);
    }
    if (compiled.size >= MAX_CACHED_TEMPLATES) compiled.delete(compiled.keys().next().value!);
    compiled.set(mapping.template, template);
  }
  if (template instanceof TemplateGrammarError) throw new MappingTemplateError(mapping.to, template.message);
  return template;
}

/**
 * Every problem with these mappings, one per mapping: their total size, the grammar, then a
 * render over a full sample lead (every standard field filled) within a delivery's limits.
 */
export function findMappingTemplateProblems(mappings: readonly FieldMapping[]): MappingTemplateError[] {
  const problems: MappingTemplateError[] = [];
  const usable: FieldMapping[] = [];
  let chars = 0;
  for (const mapping of mappings) {
    chars += mapping.template.length;
    if (chars > MAX_TEMPLATE_CHARS_PER_DESTINATION) {
      const limit = MAX_TEMPLATE_CHARS_PER_DESTINATION.toLocaleString("en-US");
      problems.push(new MappingTemplateError(mapping.to, `the templates of all mappings together are longer than ${limit} characters`));
      break;
    }
    try {
      compile(mapping);
      usable.push(mapping);
    } catch (error) {
      if (!(error instanceof MappingTemplateError)) throw error;
      problems.push(error);
    }
  }
  if (problems.length === 0) {
    try {
      renderMappings(usable, sampleMappingContext());
    } catch (error) {
      if (!(error instanceof MappingTemplateError)) throw error;
      problems.push(error);
    }
  }
  return problems;
}

/** Throws the first MappingTemplateError of findMappingTemplateProblems. */
export function checkMappingTemplates(mappings: readonly FieldMapping[]): void {
  const [first] = findMappingTemplateProblems(mappings);
  if (first) throw first;
}

/**
 * Renders every mapping; fields that render empty are left out. Throws MappingTemplateError
 * naming the mapping whose template is not in the mapping language or whose output is over
 * the limits of render-budget.ts; never throws on anything the lead holds.
 */
export function renderMappings(
  mappings: readonly FieldMapping[],
  context: MappingContext,
  budget = new RenderBudget(),
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const mapping of mappings) {
    const template = compile(mapping);
    let value: string;
    try {
      value = renderMappingTemplate(template, context, budget).trim();
    } catch (error) {
      throw new MappingTemplateError(
        mapping.to,
        error instanceof RenderLimitError ? error.message : `cannot be rendered (${(error as Error).name})`,
      );
    }
    // Defined, not assigned: a field named `__proto__` is a field like any other.
    if (value !== "") Object.defineProperty(out, mapping.to, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
