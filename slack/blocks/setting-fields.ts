import { z } from "zod";

/** One input of an integration's "additional settings", read off its zod settings schema. */
export interface SettingField {
  key: string;
  label: string;
  /** text: one line; select: one of `options`; lines: `Name: value` per line (a record). */
  kind: "text" | "select" | "lines";
  options: string[];
  optional: boolean;
  defaultValue: string | null;
  hint: string | null;
}

/** The settings inputs an integration's schema asks for (a z.object of strings, enums and records). */
export function settingFields(schema: z.ZodType): SettingField[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, field]) => {
    let inner: z.ZodType = field;
    let optional = false;
    let defaultValue: unknown;
    for (;;) {
      if (inner instanceof z.ZodOptional) {
        optional = true;
        inner = inner.unwrap() as z.ZodType;
      } else if (inner instanceof z.ZodDefault) {
        optional = true;
        defaultValue = inner._zod.def.defaultValue;
        inner = inner._zod.def.innerType as z.ZodType;
      } else break;
    }
    const description = field.description ?? inner.description ?? null;
    const common = { key, label: humanise(key), optional, hint: description };
    if (inner instanceof z.ZodEnum) {
      return {
        ...common,
        kind: "select",
        options: (inner.options as (string | number)[]).map(String),
        defaultValue: typeof defaultValue === "string" ? defaultValue : null,
      };
    }
    if (inner instanceof z.ZodRecord) {
      return {
        ...common,
        kind: "lines",
        options: [],
        defaultValue: isRecord(defaultValue) && Object.keys(defaultValue).length ? formatLines(defaultValue) : null,
      };
    }
    return {
      ...common,
      kind: "text",
      options: [],
      defaultValue: typeof defaultValue === "string" || typeof defaultValue === "number" ? String(defaultValue) : null,
    };
  });
}

/** "listId" → "List ID", "externalIdField" → "External ID field". */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_]+/)
    .map((word) => word.toLowerCase());
  const special: Record<string, string> = { id: "ID", url: "URL", api: "API", http: "HTTP" };
  const text = words.map((word) => special[word] ?? word).join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `Name: value` lines of a record setting (e.g. webhook headers). */
export function formatLines(record: Record<string, unknown>): string {
  return Object.entries(record)
    .map(([name, value]) => `${name}: ${String(value)}`)
    .join("\n");
}

export function parseLines(text: string): { ok: true; value: Record<string, string> } | { ok: false; message: string } {
  const value: Record<string, string> = {};
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) return { ok: false, message: `Line ${index + 1}: write it as "Name: value"` };
    value[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return { ok: true, value };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
