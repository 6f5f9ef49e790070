import { hasUnstorableText, storableText } from "../core/db/storable-text.ts";

/**
 * Text PostgreSQL cannot store (a NUL) or that is not valid Unicode (a lone UTF-16 surrogate,
 * e.g. from a JSON `"\ud800"` escape). Management data containing either is refused at the
 * edge with 400 naming the field, instead of failing in the database as a 500.
 */
export const UNSTORABLE_TEXT_MESSAGE = "must not contain NUL or invalid Unicode";

/**
 * The paths (`a.b.0.c`) of every string, or object key, in `value` that holds unstorable text;
 * at most `limit` of them. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findUnstorableText(value: unknown, limit = 10): string[] {
  const found: string[] = [];
  const stack: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
  while (stack.length && found.length < limit) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === "string") {
      if (hasUnstorableText(current)) found.push(path.join("."));
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: [...path, String(i)] });
    } else if (current !== null && typeof current === "object") {
      for (const [key, child] of Object.entries(current).reverse()) {
        if (hasUnstorableText(key)) found.push([...path, storableText(key)].join("."));
        else stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return found.slice(0, limit);
}
