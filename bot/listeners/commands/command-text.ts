/**
 * The words after `/leadrelay` as Slack sends them. The manifest sets `should_escape: true`, so
 * Slack turns what it recognises into its escaped forms: a picked channel is `<#C123|name>` (or
 * `<#C123>`, `<#C123|>`), an email `<mailto:a@b.c|a@b.c>`, a link `<https://…>` or
 * `<https://…|label>`, and `&`, `<`, `>` typed as text arrive as `&amp;`, `&lt;`, `&gt;`. What it
 * does not recognise (a `#name` typed without picking it, an older client, a test) comes plain.
 * These helpers accept both forms.
 */

/** `&lt;` `&gt;` `&amp;` back to the characters typed. */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** The target of `<target>` / `<target|label>` (a `mailto:` prefix dropped); the word itself, unescaped, when it is not one. */
export function linkTarget(word: string): string {
  const link = /^<([^<>|]+)(?:\|[^<>]*)?>$/.exec(word);
  const target = link ? link[1]! : word;
  return unescapeSlackText(target.replace(/^mailto:/i, ""));
}

/** A channel named in a command: by id (`<#C123|name>`, `<#C123>`, `C0123ABC`) or by name (`#sales-alerts`). */
export type ChannelReference = { id: string } | { name: string };

const CHANNEL_ID = /^[CG][A-Z0-9]{6,}$/;
/** Slack channel names: lower-case letters, digits, `-`, `_` (and non-Latin letters), at most 80. */
const CHANNEL_NAME = /^#([\p{Ll}\p{Lo}\p{N}_-][\p{Ll}\p{Lo}\p{N}_.-]{0,79})$/u;

export function channelReference(word: string): ChannelReference | null {
  const mention = /^<#([CG][A-Z0-9]+)(?:\|[^<>]*)?>$/.exec(word);
  if (mention) return { id: mention[1]! };
  if (CHANNEL_ID.test(word)) return { id: word };
  const named = CHANNEL_NAME.exec(unescapeSlackText(word).toLowerCase());
  return named ? { name: named[1]! } : null;
}
