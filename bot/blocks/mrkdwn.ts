/** Escapes text for Slack mrkdwn: `&`, `<` and `>` are control characters there. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts text to Slack's length limits, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `<!date^…>` renders in the reader's time zone; the fallback is UTC. */
export function slackDate(at: Date | string, format = "{date_short_pretty} {time}"): string {
  const date = typeof at === "string" ? new Date(at) : at;
  const seconds = Math.floor(date.getTime() / 1000);
  return `<!date^${seconds}^${format}|${date.toISOString().replace("T", " ").slice(0, 16)} UTC>`;
}

export function plain(text: string) {
  return { type: "plain_text" as const, text: truncate(text, 150), emoji: true };
}
