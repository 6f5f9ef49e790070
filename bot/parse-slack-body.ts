/**
 * Turns the raw body of a request from Slack into what Bolt's `processEvent` takes:
 * - `application/json`: Events API callbacks and `url_verification`;
 * - form with a `payload` field: interactivity (block actions, view submissions, shortcuts);
 * - other forms: slash commands (`command`, `text`, `trigger_id`, …) and `ssl_check`.
 * Returns null when the body is not one of these.
 */
export function parseSlackBody(rawBody: string, contentType: string | null): Record<string, unknown> | null {
  const type = (contentType ?? "").toLowerCase();
  try {
    if (type.includes("application/json")) {
      const parsed: unknown = JSON.parse(rawBody);
      return isRecord(parsed) ? parsed : null;
    }
    if (type.includes("application/x-www-form-urlencoded")) {
      const form = Object.fromEntries(new URLSearchParams(rawBody).entries());
      if (typeof form.payload === "string") {
        const payload: unknown = JSON.parse(form.payload);
        return isRecord(payload) ? payload : null;
      }
      return form;
    }
  } catch {
    return null;
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
