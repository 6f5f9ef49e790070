/**
 * The helpers a field mapping template may call, and nothing else: no `log`, `lookup`, `each`
 * or partials exist in the mapping language. Every helper costs time linear in the text it is
 * given, so a template's render cost is bounded by its size and the render budget.
 *
 * Block helpers (`{{#if x}}…{{else}}…{{/if}}`):
 * - `if` renders its block when the value is present (not empty, false, 0, null or an empty list);
 * - `unless` is its opposite;
 * - `with` renders its block with the value as the context (`{{#with lead.mortgage}}{{loan.amount}}{{/with}}`).
 *
 * Value helpers (`{{lowercase lead.email}}`, `{{default lead.country "US"}}`): `default`,
 * `lowercase`, `uppercase`, `trim`, below.
 */
export const BLOCK_HELPERS = ["if", "unless", "with"] as const;
export type BlockHelperName = (typeof BLOCK_HELPERS)[number];

/** Turns a value into text, counting what it produces against the render budget. */
export type TextOf = (value: unknown) => string;

interface ValueHelper {
  arity: number;
  usage: string;
  apply(args: unknown[], text: TextOf): unknown;
}

export const VALUE_HELPERS = {
  /** The value, or the fallback when the value is missing, null, "" or an empty list (0 and false are kept). */
  default: { arity: 2, usage: '{{default lead.country "US"}}', apply: ([value, fallback]) => (isMissing(value) ? fallback : value) },
  lowercase: { arity: 1, usage: "{{lowercase lead.email}}", apply: ([value], text) => text(value).toLowerCase() },
  uppercase: { arity: 1, usage: "{{uppercase lead.state}}", apply: ([value], text) => text(value).toUpperCase() },
  trim: { arity: 1, usage: "{{trim raw.company}}", apply: ([value], text) => text(value).trim() },
} satisfies Record<string, ValueHelper>;
export type ValueHelperName = keyof typeof VALUE_HELPERS;

export const HELPER_NAMES: readonly string[] = [...BLOCK_HELPERS, ...Object.keys(VALUE_HELPERS)];

export function isBlockHelper(name: string): name is BlockHelperName {
  return (BLOCK_HELPERS as readonly string[]).includes(name);
}

export function isValueHelper(name: string): name is ValueHelperName {
  return Object.hasOwn(VALUE_HELPERS, name);
}

/** What `if` skips and `unless` renders (as Handlebars): absent, null, false, 0, "", NaN or an empty list. */
export function isFalsy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return !value;
}

/** What `with` skips (as Handlebars): like isFalsy, but 0 is a value. */
export function isEmptyContext(value: unknown): boolean {
  return value !== 0 && isFalsy(value);
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}
