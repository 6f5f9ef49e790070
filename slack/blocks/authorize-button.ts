import { ACTIONS } from "../action-ids.ts";
import { LIMITS, plain } from "./mrkdwn.ts";

/**
 * The OAuth sign-in link ("Authorize in Salesforce"): a primary button that opens `authorizeUrl`
 * in the browser. The bot only acknowledges its click (Slack sends one even for a link button).
 */
export function authorizeButton(label: string, authorizeUrl: string) {
  return {
    type: "button" as const,
    action_id: ACTIONS.salesforceAuthorize,
    text: plain(label, LIMITS.button),
    style: "primary" as const,
    url: authorizeUrl,
  };
}
