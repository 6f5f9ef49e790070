import { clipSlackText, escapeSlackText, plainText, type SlackText } from "./slack-text.ts";

/**
 * Escapes an outside value for any Slack text (see slack-text.ts): `&`, `<`, `>` as entities
 * and `@here`-style words defused.
 */
export const escapeMrkdwn = escapeSlackText;

/** Cuts a raw value to `max` characters, marking the cut (never between a surrogate pair). Escape after. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const code = text.charCodeAt(cut - 1);
  if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** Cuts escaped text (an entity or one of our `<…>` tokens is never split). */
export const clip = clipSlackText;

/** `<!date^…>` renders in the reader's time zone; the fallback is UTC. */
export function slackDate(at: Date | string, format = "{date_short_pretty} {time}"): SlackText {
  const date = typeof at === "string" ? new Date(at) : at;
  const seconds = Math.floor(date.getTime() / 1000);
  return `<!date^${seconds}^${format}|${date.toISOString().replace("T", " ").slice(0, 16)} UTC>` as SlackText;
}

/**
 * A plain_text object for a label, title, button, option or placeholder: escaped like any text
 * (it may hold a name) and cut to `max` once escaped. Our emoji codes render.
 */
export function plain(text: string, max = 150) {
  return plainText(text, max, { emoji: true });
}

/**
 * A name's possessive, escaped: "Acme Leads' leads", "Acme Corp's leads" (a name ending in s
 * takes only the apostrophe). `bold` puts the name (not the ending) in *bold*.
 */
export function possessive(name: string, options: { bold?: boolean } = {}): SlackText {
  const trimmed = name.trimEnd();
  const ending = /s$/i.test(trimmed) ? "'" : "'s";
  const escaped = escapeSlackText(trimmed);
  return (options.bold ? `*${escaped}*${ending}` : `${escaped}${ending}`) as SlackText;
}

/** Slack's length limits for plain_text fields. */
export const LIMITS = { title: 24, button: 75, option: 75, placeholder: 150, header: 150 } as const;
