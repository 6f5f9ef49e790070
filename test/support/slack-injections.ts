/** A tenant string carrying every way to ping, mention or link in Slack text. */
export const HOSTILE = "<!channel> <!here> <https://x|y> @here <@U123> <#C123> @channel & @everyone";

/** Keys whose strings Slack never renders as text: data handed back to us, ids, links we made. */
const DATA_KEYS = new Set([
  "value",
  "initial_value",
  "private_metadata",
  "block_id",
  "action_id",
  "callback_id",
  "url",
  "external_id",
  "type",
  "style",
  "trigger_id",
  "channel",
  "ts",
  "thread_ts",
  "view_id",
  "user_id",
  "hash",
]);

/** Every string Slack renders in a built object or Web API call (text, labels, options, titles, fallback text), with its path. */
export function renderedStrings(value: unknown, path = "$"): { path: string; text: string }[] {
  if (typeof value === "string") return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => renderedStrings(item, `${path}[${index}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => (DATA_KEYS.has(key) ? [] : renderedStrings(item, `${path}.${key}`)));
  }
  return [];
}

/**
 * What must not survive in rendered text: a raw special mention (`<!here>`; our own `<!date^…>`
 * is allowed), a user or channel mention, a link, or a bare `@here` / `@channel` / `@everyone`.
 * `ours`: tokens the bot put there itself (the channel a command named), removed before checking.
 */
export function injections(value: unknown, ours: readonly string[] = []): string[] {
  return renderedStrings(value)
    .filter(({ text }) =>
      /<!(?!date\^\d+\^)|<[@#]|<(https?|mailto):|(?<![\w+-])@(here|channel|everyone)/i.test(
        ours.reduce((rest, token) => rest.split(token).join(""), text),
      ),
    )
    .map(({ path, text }) => `${path}: ${text}`);
}
