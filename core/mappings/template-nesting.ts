/**
 * Nesting limits of the mapping language, checked twice: by a linear scan of the template text
 * before Handlebars' parser sees it, and on the parsed syntax tree. The scan matters because the
 * parser copies its whole stack on every reduction, so deeply nested sub-expressions, blocks or
 * long `{{else if}}` chains cost time quadratic in their depth (280 nested parentheses: ~130 ms
 * for one 2,000-character template). Refused before parsing, no template reaches that.
 */
export const MAX_BLOCK_DEPTH = 3;
export const MAX_SUBEXPRESSION_DEPTH = 1;
export const MAX_ELSE_BRANCHES = 20;

export const NESTING_PROBLEMS = {
  blocks: `blocks are nested more than ${MAX_BLOCK_DEPTH} deep`,
  subexpressions: "sub-expressions are nested more than one deep",
  elses: `more than ${MAX_ELSE_BRANCHES} {{else}} branches`,
} as const;

/**
 * The first nesting limit the template text goes over, or undefined. Conservative: it counts
 * `{{#…}}`/`{{^…}}` openings against `{{/…}}` closings, `(` inside tags (outside string
 * literals and `[…]` segments) and `{{else…}}` tags, the way Handlebars' lexer sees them.
 */
export function templateNestingProblem(source: string): string | undefined {
  let blocks = 0;
  let elses = 0;
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf("{{", at);
    if (open < 0) return undefined;
    if (open > 0 && source[open - 1] === "\\" && source[open - 2] !== "\\") {
      at = open + 2; // `\{{` is text
      continue;
    }
    let i = open + 2;
    while (source[i] === "{") i++;
    if (source[i] === "~") i++;
    if (source.startsWith("!--", i)) {
      const close = /--~?\}\}/g;
      close.lastIndex = i + 3;
      const found = close.exec(source);
      at = found ? found.index + found[0].length : source.length;
      continue;
    }
    if (source[i] === "!") {
      const close = source.indexOf("}}", i);
      at = close < 0 ? source.length : close + 2;
      continue;
    }
    const sigil = source[i];
    let parens = 0;
    let end = i;
    for (; end < source.length; end++) {
      const c = source[end];
      if (c === '"' || c === "'" || c === "[") {
        const closing = c === "[" ? "]" : c;
        end++;
        while (end < source.length && source[end] !== closing) end += source[end] === "\\" && c !== "[" ? 2 : 1;
      } else if (c === "(") {
        parens++;
        if (parens > MAX_SUBEXPRESSION_DEPTH) return NESTING_PROBLEMS.subexpressions;
      } else if (c === ")") {
        parens = Math.max(0, parens - 1);
      } else if (c === "}" && source[end + 1] === "}") {
        break;
      }
    }
    const body = source
      .slice(i + 1, end)
      .replace(/~$/, "")
      .trim();
    if (sigil === "#" || (sigil === "^" && body !== "")) {
      blocks++;
      if (blocks > MAX_BLOCK_DEPTH) return NESTING_PROBLEMS.blocks;
    } else if (sigil === "/") {
      blocks = Math.max(0, blocks - 1);
    }
    if ((sigil === "^" && body === "") || /^else(\s|~|}|$)/.test(source.slice(i, end + 1).trimStart())) {
      elses++;
      if (elses > MAX_ELSE_BRANCHES) return NESTING_PROBLEMS.elses;
    }
    at = end + 2;
  }
  return undefined;
}
