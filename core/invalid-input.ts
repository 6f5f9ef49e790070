import type { z } from "zod";
import { Refusal } from "./refusal.ts";

/** One field the caller got wrong: its dotted path in the request and what is wrong with it. */
export interface InputIssue {
  path: string;
  message: string;
}

/**
 * The caller's input failed a use case's own validation. It is a Refusal (kind "invalid") so
 * every transport already answers it as the caller's fault; HTTP answers 400 invalid_request
 * with one detail per issue, as for a body the route's schema refused.
 *
 * Use cases validate caller input with `parseInput`, never with a bare `schema.parse`: a
 * ZodError that reaches a transport means *our own stored data* failed its schema (a corrupt
 * row), which is a server fault (500), not the caller's.
 */
export class InvalidInput extends Refusal {
  constructor(readonly issues: InputIssue[]) {
    super("invalid", "invalid_request", "The request is not valid", { issues });
    this.name = "InvalidInput";
  }
}

/** Parses caller input, refusing it with InvalidInput. `at` prefixes each issue's path (e.g. `sources.0.caps`). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, at?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidInput(
    result.error.issues.map((issue) => ({ path: [...(at ? [at] : []), ...issue.path.map(String)].join("."), message: issue.message })),
  );
}
