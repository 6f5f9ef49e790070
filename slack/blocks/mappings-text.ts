import type { FieldMapping } from "../../core/mappings/field-mapping.ts";

/**
 * Field mappings as the buyer edits them in a multiline input, one per line:
 * `firstname = {{lead.first_name}}` (the destination field, then the template over the lead).
 * `→` and `->` work as separators too.
 */
export function formatMappings(mappings: readonly FieldMapping[]): string {
  return mappings.map((mapping) => `${mapping.to} = ${mapping.template}`).join("\n");
}

export type ParsedMappings = { ok: true; mappings: FieldMapping[] } | { ok: false; message: string };

const SEPARATOR = /\s*(?:=|→|->)\s*/;

export function parseMappings(text: string): ParsedMappings {
  const mappings: FieldMapping[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const match = SEPARATOR.exec(line);
    if (!match || match.index === 0) {
      return { ok: false, message: `Line ${index + 1}: write it as "field = {{lead.field_name}}"` };
    }
    const to = line.slice(0, match.index).trim();
    const template = line.slice(match.index + match[0].length).trim();
    if (/\s/.test(to)) return { ok: false, message: `Line ${index + 1}: "${to}" is not a field name (no spaces)` };
    if (to.length > 200 || template.length > 2000) return { ok: false, message: `Line ${index + 1} is too long` };
    mappings.push({ to, template });
  }
  const seen = new Set<string>();
  for (const mapping of mappings) {
    if (seen.has(mapping.to)) return { ok: false, message: `${mapping.to} is mapped twice: keep one line for it` };
    seen.add(mapping.to);
  }
  return { ok: true, mappings };
}
