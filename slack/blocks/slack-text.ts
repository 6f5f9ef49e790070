/**
 * Text that goes to Slack. Everything a tenant chose (names of accounts, destinations, flows,
 * sellers and people, emails, lead values, reasons and error messages an endpoint answered
 * with, URLs) reaches a message, view or App Home only through these helpers, so no value can
 * ping a channel or a user, render a link or break the message:
 *
 * - `&`, `<` and `>` are Slack's control characters and are sent as `&amp;`, `&lt;`, `&gt;`,
 *   which defuses `<!channel>`, `<!here>`, `<@U123>`, `<#C123>` and `<https://evil|click>`;
 * - a bare `@channel` / `@here` / `@everyone` gets a zero-width space after the `@` (Slack links
 *   such words where `link_names` is on; the space keeps them inert and is invisible). Not inside
 *   an email address (`ann@channel.io` stays as it is, so it can be copied);
 * - this is done for plain_text too (Slack decodes the three entities there as well), so one
 *   rule holds for every field a person reads.
 *
 * `SlackText` marks a string that is ready for Slack: our own markup around escaped values. It
 * is only made by `escapeSlackText`, the `slack` template tag (which accepts nothing but
 * `SlackText` and numbers between its literal parts, so a raw value cannot be interpolated) and
 * `clipSlackText`. A message's `text` (the notification and fallback) must be a `SlackText`
 * (bot/conversation.ts, jobs/notify/send-slack-message.ts), so a raw name there does not compile.
 *
 * Not escaped, on purpose: the `initial_value` of inputs and the `value` of options and buttons.
 * They are data handed back to us, never rendered as text; escaping them would change what the
 * person edits and submits.
 */
declare const SLACK_TEXT: unique symbol;
export type SlackText = string & { readonly [SLACK_TEXT]: true };

const ZERO_WIDTH_SPACE = "\u200B";

export function escapeSlackText(value: string): SlackText {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/(?<![\w+-])@(channel|here|everyone)/gi, `@${ZERO_WIDTH_SPACE}$1`) as SlackText;
}

/** What may sit between the literal parts of a `slack` template: already-escaped text, numbers, or nothing. */
export type SlackPart = SlackText | number | "" | false | null | undefined;

/**
 * Our formatting around escaped values: slack`*${escapeSlackText(name)}* is set up`. A raw
 * string in a `${}` is a type error; `false`, null and undefined render as nothing.
 */
export function slack(literals: TemplateStringsArray, ...parts: SlackPart[]): SlackText {
  let text = literals[0] ?? "";
  parts.forEach((part, index) => {
    text += (part === false || part === null || part === undefined ? "" : String(part)) + (literals[index + 1] ?? "");
  });
  return text as SlackText;
}

/** A link to a channel, `<#C123>`; anything that is not a channel id is shown escaped instead. */
export function channelLink(channelId: string): SlackText {
  return /^[CGD][A-Z0-9]{2,}$/.test(channelId) ? (`<#${channelId}>` as SlackText) : escapeSlackText(channelId);
}

/** Joins escaped parts with our separator. */
export function joinSlackText(parts: readonly SlackText[], separator: string): SlackText {
  return parts.join(separator) as SlackText;
}

/**
 * Cuts escaped text to `max` characters (Slack's limits count what is sent), marking the cut
 * with "…". Never inside an entity (`&amp;`), one of our `<…>` tokens (a date, a channel) or a
 * surrogate pair.
 */
export function clipSlackText(text: SlackText, max: number): SlackText {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const amp = text.lastIndexOf("&", cut - 1);
  if (amp >= 0) {
    const semi = text.indexOf(";", amp);
    if (semi >= cut && semi - amp <= 5) cut = amp;
  }
  const open = text.lastIndexOf("<", cut - 1);
  if (open >= 0 && text.lastIndexOf(">", cut - 1) < open) cut = open;
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  return `${text.slice(0, cut)}…` as SlackText;
}

/** An outside value, cut to `max` characters once escaped. */
export function escapeClipped(value: string, max = 500): SlackText {
  return clipSlackText(escapeSlackText(value), max);
}

/**
 * A plain_text object. Its text is escaped and cut to `max` (Slack's limits: a modal title 24,
 * a button or option 75, most others 150). Emoji codes are shown only in our own labels.
 */
export function plainText(value: string, max = 150, options: { emoji?: boolean } = {}) {
  return { type: "plain_text" as const, text: escapeClipped(value, max) as string, emoji: options.emoji ?? false };
}

/**
 * A mrkdwn object for text made of our formatting around escaped values. `verbatim` stops
 * Slack turning bare URLs and #names into links (our explicit `<…>` tokens still work).
 */
export function mrkdwn(text: SlackText) {
  return { type: "mrkdwn" as const, text: text as string, verbatim: true };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
