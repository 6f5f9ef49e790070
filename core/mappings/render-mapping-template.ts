import type { MappingExpression, MappingNode, MappingTemplate } from "./compile-mapping-template.ts";
import { isEmptyContext, isFalsy, VALUE_HELPERS } from "./mapping-helpers.ts";
import type { RenderBudget } from "./render-budget.ts";

/**
 * Interprets a checked MappingTemplate over a context. Never throws on any value the lead can
 * hold (objects with their own `toString`/`valueOf` keys, arrays, null, numbers, long strings):
 * values are read as plain data, own properties only, and turned into text here, never through
 * their own methods. Only a RenderLimitError (the budget) can stop a render.
 */

/** Names that never resolve, even if the data has them as own keys. */
const UNREACHABLE = new Set(["__proto__", "constructor", "prototype"]);

export function renderMappingTemplate(template: MappingTemplate, context: unknown, budget: RenderBudget): string {
  const out = { text: "" };
  renderNodes(template.nodes, context, budget, out);
  return out.text;
}

function renderNodes(nodes: readonly MappingNode[], context: unknown, budget: RenderBudget, out: { text: string }): void {
  for (const node of nodes) {
    switch (node.kind) {
      case "text":
        append(out, node.text, budget);
        break;
      case "value":
        append(out, textOf(evaluate(node.expression, context, budget), budget), budget);
        break;
      case "block": {
        const value = evaluate(node.argument, context, budget);
        if (node.helper === "with") {
          if (isEmptyContext(value)) renderNodes(node.otherwise, context, budget, out);
          else renderNodes(node.then, value, budget, out);
        } else {
          const show = node.helper === "if" ? !isFalsy(value) : isFalsy(value);
          renderNodes(show ? node.then : node.otherwise, context, budget, out);
        }
        break;
      }
    }
  }
}

function append(out: { text: string }, piece: string, budget: RenderBudget): void {
  if (piece === "") return;
  budget.emit(piece.length, out.text.length + piece.length);
  out.text += piece;
}

function evaluate(expression: MappingExpression, context: unknown, budget: RenderBudget): unknown {
  switch (expression.kind) {
    case "literal":
      return expression.value;
    case "path":
      return lookup(context, expression.parts);
    case "call": {
      const args = expression.args.map((arg) => evaluate(arg, context, budget));
      const result = VALUE_HELPERS[expression.helper].apply(args as [unknown, unknown], (value) => textOf(value, budget));
      if (typeof result === "string") budget.spend(result.length);
      return result;
    }
  }
}

/** Own properties only: nothing reaches a prototype or a method. */
export function lookup(base: unknown, parts: readonly string[]): unknown {
  let value = base;
  for (const part of parts) {
    if (value === null || typeof value !== "object" || UNREACHABLE.has(part)) return undefined;
    // Leads are JSON data (no getters): an own property is a plain value.
    if (!Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * A value as text: strings as they are, numbers and booleans as JavaScript writes them, null and
 * absent values empty, a list of plain values joined with "," (as Handlebars did), anything else
 * (objects, nested lists) as JSON, so `{"toString":"x"}` goes out as that text.
 */
export function textOf(value: unknown, budget: RenderBudget): string {
  const text = plainText(value);
  budget.spend(text.length);
  return text;
}

function plainText(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "object": {
      if (value === null) return "";
      if (Array.isArray(value) && value.every(isScalar))
        return value.map((item) => (item === null || item === undefined ? "" : String(item))).join(",");
      try {
        return JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? String(item) : item)) ?? "";
      } catch {
        return "";
      }
    }
    default:
      return "";
  }
}

function isScalar(item: unknown): boolean {
  return item === null || item === undefined || typeof item === "string" || typeof item === "number" || typeof item === "boolean";
}
