import Handlebars from "handlebars";
import { MAX_BLOCK_DEPTH, MAX_SUBEXPRESSION_DEPTH, NESTING_PROBLEMS, templateNestingProblem } from "./template-nesting.ts";
import {
  BLOCK_HELPERS,
  HELPER_NAMES,
  isBlockHelper,
  isValueHelper,
  VALUE_HELPERS,
  type BlockHelperName,
  type ValueHelperName,
} from "./mapping-helpers.ts";

/**
 * The field mapping language: a small, allow-listed subset of Handlebars. A template is parsed
 * with Handlebars' own parser, then every node of its syntax tree is checked against the
 * grammar below and turned into a MappingTemplate that render-mapping-template.ts interprets.
 * Handlebars' runtime is never used, so `log`, `lookup`, `each`, partials, decorators and data
 * variables do not exist, and a template's render cost is linear in its size by construction
 * (nothing iterates, every node is visited at most once per render).
 *
 * Allowed:
 * - text and comments (`{{! … }}`), `{{x}}` and `{{{x}}}` alike (nothing is HTML-escaped);
 * - paths into the lead: `{{lead.first_name}}`, `{{raw.phone_1}}`, `{{lead.mortgage.loan.amount}}`
 *   (outside a `with` block a path starts with `lead` or `raw`; inside one it is relative to
 *   the block's value, and `this` is that value);
 * - the helpers of mapping-helpers.ts, with string, number, boolean or null literals and paths
 *   as arguments, and one level of `(helper …)` sub-expression as an argument;
 * - blocks `if`, `unless`, `with` (with `{{else}}` / `{{else if …}}`), nested at most
 *   MAX_BLOCK_DEPTH deep (template-nesting.ts also checks this before parsing).
 */
export { MAX_BLOCK_DEPTH } from "./template-nesting.ts";

export type MappingExpression =
  | { kind: "path"; parts: string[] }
  | { kind: "literal"; value: string | number | boolean | null | undefined }
  | { kind: "call"; helper: ValueHelperName; args: MappingExpression[] };

export type MappingNode =
  | { kind: "text"; text: string }
  | { kind: "value"; expression: MappingExpression }
  | { kind: "block"; helper: BlockHelperName; argument: MappingExpression; then: MappingNode[]; otherwise: MappingNode[] };

export interface MappingTemplate {
  nodes: MappingNode[];
}

/** Why a template is not in the mapping language, in words a buyer can act on. */
export class TemplateGrammarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateGrammarError";
  }
}

const ROOTS = ["lead", "raw"];

const REFUSED_HELPERS: Readonly<Record<string, string>> = {
  log: "the log helper is not available in field mappings",
  lookup: "lookup is not allowed: write the path instead, e.g. {{lead.first_name}}",
  each: "each is not allowed: field mappings do not iterate over lists",
  blockHelperMissing: "blockHelperMissing is not a helper",
  helperMissing: "helperMissing is not a helper",
};

/** Parses and checks a template; throws TemplateGrammarError naming the first problem. */
export function compileMappingTemplate(source: string): MappingTemplate {
  const nesting = templateNestingProblem(source);
  if (nesting) throw new TemplateGrammarError(nesting);
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (error) {
    throw new TemplateGrammarError(describeParseError(error));
  }
  return { nodes: statements(program, { depth: 0, inWith: false }) };
}

interface Scope {
  /** Blocks around this statement. */
  depth: number;
  /** Inside a `with` block paths are relative to its value. */
  inWith: boolean;
}

function statements(program: hbs.AST.Program | undefined, scope: Scope): MappingNode[] {
  if (!program) return [];
  if (program.blockParams?.length) throw new TemplateGrammarError("block parameters (as |x|) are not supported");
  const nodes: MappingNode[] = [];
  for (const statement of program.body) {
    const node = toNode(statement, scope);
    if (node) nodes.push(node);
  }
  return nodes;
}

function toNode(statement: hbs.AST.Statement, scope: Scope): MappingNode | null {
  switch (statement.type) {
    case "ContentStatement":
      return { kind: "text", text: (statement as hbs.AST.ContentStatement).value };
    case "CommentStatement":
      return null;
    case "MustacheStatement":
      return mustache(statement as hbs.AST.MustacheStatement, scope);
    case "BlockStatement":
      return block(statement as hbs.AST.BlockStatement, scope);
    case "PartialStatement":
    case "PartialBlockStatement":
      throw new TemplateGrammarError("partials ({{> name}}) are not allowed");
    case "Decorator":
    case "DecoratorBlock":
      throw new TemplateGrammarError("decorators ({{* name}}) are not allowed");
    default:
      throw new TemplateGrammarError(`${statement.type} is not allowed`);
  }
}

function mustache(statement: hbs.AST.MustacheStatement, scope: Scope): MappingNode {
  refuseHash(statement.hash);
  const head = statement.path;
  if (head.type !== "PathExpression") {
    throw new TemplateGrammarError(`{{${literalText(head)}}} is a literal: write it as plain text outside the braces`);
  }
  const path = head as hbs.AST.PathExpression;
  const helperName = helperNameOf(path);
  if (statement.params.length === 0 && (helperName === undefined || !isHelperName(helperName))) {
    return { kind: "value", expression: pathExpression(path, scope) };
  }
  if (helperName === undefined)
    throw new TemplateGrammarError(`${excerpt(path.original)} is not a helper; helpers: ${HELPER_NAMES.join(", ")}`);
  if (isBlockHelper(helperName)) throw new TemplateGrammarError(`${helperName} is a block: write {{#${helperName} …}}…{{/${helperName}}}`);
  return { kind: "value", expression: call(helperName, statement.params, scope, 0) };
}

function block(statement: hbs.AST.BlockStatement, scope: Scope): MappingNode {
  refuseHash(statement.hash);
  const head = statement.path as hbs.AST.PathExpression | hbs.AST.Literal;
  if (head.type !== "PathExpression")
    throw new TemplateGrammarError(`{{#${literalText(head)}}} is not an allowed block; blocks: ${BLOCK_HELPERS.join(", ")}`);
  const name = helperNameOf(statement.path);
  if (name === undefined || !isBlockHelper(name)) {
    if (name !== undefined && Object.hasOwn(REFUSED_HELPERS, name)) throw new TemplateGrammarError(REFUSED_HELPERS[name]!);
    const opener = statement.program ? "#" : "^";
    throw new TemplateGrammarError(
      `{{${opener}${excerpt(statement.path.original)}}} is not an allowed block; blocks: ${BLOCK_HELPERS.join(", ")}`,
    );
  }
  if (statement.params.length !== 1) throw new TemplateGrammarError(`{{#${name}}} takes exactly one value`);
  const depth = scope.depth + 1;
  if (depth > MAX_BLOCK_DEPTH) throw new TemplateGrammarError(NESTING_PROBLEMS.blocks);
  const argument = argumentExpression(statement.params[0]!, scope, 0);
  const inner: Scope = { depth, inWith: scope.inWith || name === "with" };
  // `{{else if …}}` is parsed as a block inside the inverse: a sibling of this block, not a deeper level.
  const inverseScope: Scope = { depth: chainedInverse(statement.inverse) ? scope.depth : depth, inWith: scope.inWith };
  return {
    kind: "block",
    helper: name,
    argument,
    then: statements(statement.program, inner),
    otherwise: statements(statement.inverse, inverseScope),
  };
}

/** An inverse that is `{{else if …}}` (Handlebars marks the program `chained`) holds a sibling block. */
function chainedInverse(inverse: hbs.AST.Program | undefined): boolean {
  return (inverse as (hbs.AST.Program & { chained?: boolean }) | undefined)?.chained === true;
}

function call(helper: string, params: hbs.AST.Expression[], scope: Scope, nesting: number): MappingExpression {
  if (!isValueHelper(helper)) throw new TemplateGrammarError(`unknown helper ${excerpt(helper)}; helpers: ${HELPER_NAMES.join(", ")}`);
  const { arity, usage } = VALUE_HELPERS[helper];
  if (params.length !== arity)
    throw new TemplateGrammarError(`${helper} takes ${arity === 1 ? "one value" : `${arity} values`}, e.g. ${usage}`);
  return { kind: "call", helper, args: params.map((param) => argumentExpression(param, scope, nesting)) };
}

function argumentExpression(param: hbs.AST.Expression, scope: Scope, nesting: number): MappingExpression {
  switch (param.type) {
    case "PathExpression":
      return pathExpression(param as hbs.AST.PathExpression, scope);
    case "StringLiteral":
    case "NumberLiteral":
    case "BooleanLiteral":
      return { kind: "literal", value: (param as hbs.AST.StringLiteral | hbs.AST.NumberLiteral | hbs.AST.BooleanLiteral).value };
    case "NullLiteral":
      return { kind: "literal", value: null };
    case "UndefinedLiteral":
      return { kind: "literal", value: undefined };
    case "SubExpression": {
      const sub = param as hbs.AST.SubExpression;
      if (nesting >= MAX_SUBEXPRESSION_DEPTH) throw new TemplateGrammarError(NESTING_PROBLEMS.subexpressions);
      refuseHash(sub.hash);
      const name = helperNameOf(sub.path);
      if (name === undefined)
        throw new TemplateGrammarError(`(${excerpt(sub.path.original)} …) is not a helper call; helpers: ${HELPER_NAMES.join(", ")}`);
      if (Object.hasOwn(REFUSED_HELPERS, name)) throw new TemplateGrammarError(REFUSED_HELPERS[name]!);
      if (isBlockHelper(name)) throw new TemplateGrammarError(`${name} is a block and cannot be a sub-expression`);
      return call(name, sub.params, scope, nesting + 1);
    }
    default:
      throw new TemplateGrammarError(`${param.type} is not allowed`);
  }
}

function pathExpression(path: hbs.AST.PathExpression, scope: Scope): MappingExpression {
  if (path.data) throw new TemplateGrammarError(`data variables such as @${excerpt(path.parts.join("."))} are not allowed`);
  if (path.depth > 0) throw new TemplateGrammarError("parent paths (../) are not allowed");
  if (!scope.inWith && !ROOTS.includes(path.parts[0] ?? "")) {
    throw new TemplateGrammarError(`{{${excerpt(path.original)}}}: paths start with lead. or raw., e.g. {{lead.first_name}}`);
  }
  return { kind: "path", parts: [...path.parts] };
}

/** The name a mustache or block calls, when its path is a single plain identifier. */
function helperNameOf(path: hbs.AST.PathExpression): string | undefined {
  const simple = path.parts.length === 1 && !path.data && path.depth === 0 && !/^(\.|this\b)/.test(path.original);
  if (!simple) return undefined;
  const name = path.parts[0]!;
  if (Object.hasOwn(REFUSED_HELPERS, name)) throw new TemplateGrammarError(REFUSED_HELPERS[name]!);
  return name;
}

function isHelperName(name: string): boolean {
  return isBlockHelper(name) || isValueHelper(name);
}

function refuseHash(hash: hbs.AST.Hash | undefined): void {
  if (hash?.pairs.length) throw new TemplateGrammarError(`named arguments (${excerpt(hash.pairs[0]!.key)}=…) are not supported`);
}

function literalText(literal: hbs.AST.Literal): string {
  const value = (literal as { original?: unknown }).original;
  return excerpt(typeof value === "string" ? JSON.stringify(value) : String(value));
}

/** A piece of the template quoted in a message, short enough for a failure reason. */
function excerpt(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** Handlebars' parse errors span several lines; keep the position and what was wrong. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const mismatch = /^(\S+) doesn't match (\S+) - (\d+):(\d+)/.exec(message);
  if (mismatch) return `{{#${mismatch[1]}}} is closed by {{/${mismatch[2]}}} (line ${mismatch[3]}, column ${Number(mismatch[4]) + 1})`;
  const lines = message.split("\n");
  const where = /^Parse error on line (\d+)/.exec(lines[0] ?? "");
  const got = /got '([A-Z_]+)'/.exec(message)?.[1];
  if (where && got) {
    const column = lines[2]?.indexOf("^");
    const what =
      got === "EOF" ? "the template ends before a block or tag is closed" : `unexpected ${TOKEN_WORDS[got] ?? got.toLowerCase()}`;
    return `${what} (line ${where[1]}${column !== undefined && column >= 0 ? `, column ${column + 1}` : ""})`;
  }
  return (lines[0] ?? "syntax error").slice(0, 200);
}

const TOKEN_WORDS: Readonly<Record<string, string>> = {
  INVALID: "character",
  CLOSE: "}}",
  CLOSE_UNESCAPED: "}}}",
  CLOSE_RAW_BLOCK: "}}}}",
  OPEN: "{{",
  OPEN_BLOCK: "{{#",
  OPEN_ENDBLOCK: "{{/",
  OPEN_INVERSE: "{{^",
  INVERSE: "{{else}}",
  OPEN_SEXPR: "(",
  CLOSE_SEXPR: ")",
  OPEN_BLOCK_PARAMS: "as |",
  EQUALS: "=",
  ID: "name",
};
