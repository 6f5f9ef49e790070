import { escapeMrkdwn, truncate } from "./mrkdwn.ts";

/**
 * Text that did not come from us (lead values, destination names, reasons an endpoint answered
 * with) goes into Slack only through these helpers, so no value can ping a channel or a user,
 * render a link or break the message.
 *
 * Slack's rules: `&`, `<` and `>` are control characters and must be sent as `&amp;`, `&lt;`,
 * `&gt;` (which defuses `<!channel>`, `<@U123>`, `<https://evil|click>`). On top of that a bare
 * `@channel` / `@here` / `@everyone` gets a zero-width space after the `@`, so it stays inert
 * even where Slack links names.
 */
const ZERO_WIDTH_SPACE = "\u200B";

export function escapeSlackText(value: string): string {
  return escapeMrkdwn(value).replace(/@(channel|here|everyone)\b/gi, `@${ZERO_WIDTH_SPACE}$1`);
}

/** Escapes a value after cutting it to `max` characters (cutting after could split an entity). */
export function escapeClipped(value: string, max = 500): string {
  return escapeSlackText(truncate(value, max));
}

/** A plain_text object (never parsed for mentions or links) holding an outside value, escaped. */
export function plainText(value: string, max = 500) {
  return { type: "plain_text" as const, text: escapeClipped(value, max), emoji: false };
}

/**
 * A mrkdwn object for OUR formatting around values escaped with `escapeSlackText`.
 * `verbatim` stops Slack turning bare URLs and #names into links.
 */
export function mrkdwn(text: string) {
  return { type: "mrkdwn" as const, text, verbatim: true };
}
