import type { HomeView, KnownBlock } from "@slack/types";
import type { AccountOverview } from "../../core/onboarding/account-overview.ts";
import { ACTIONS } from "../action-ids.ts";
import { accountOverviewBlocks } from "./account-overview-blocks.ts";
import { escapeMrkdwn, plain } from "./mrkdwn.ts";

/** The App Home tab: the person's account at a glance, with the next step when onboarding is unfinished. */
export function appHomeView(input: { overview: AccountOverview | null; email: string | null; otherAccounts: number }): HomeView {
  const blocks: KnownBlock[] = [{ type: "header", text: plain("leadrelay") }];
  if (!input.overview) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        verbatim: true,
        text: input.email
          ? `No leadrelay account is linked to *${escapeMrkdwn(input.email)}* yet. When a seller invites you, the invitation arrives here as a message: accept it to get started. Type \`/leadrelay help\` for everything I can do.`
          : "I can't see the email address on your Slack profile, so I can't find your leadrelay account. Type `/leadrelay help` for more.",
      },
    });
    return { type: "home", blocks };
  }
  blocks.push(...accountOverviewBlocks(input.overview, { withButtons: true }));
  if (input.otherAccounts > 0) {
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          verbatim: true,
          text: `You belong to ${input.otherAccounts} more account${input.otherAccounts > 1 ? "s" : ""}; this is the one you joined last.`,
        },
      ],
    });
  }
  blocks.push({
    type: "actions",
    block_id: "home",
    elements: [{ type: "button", action_id: ACTIONS.homeRefresh, text: plain("Refresh", 75) }],
  });
  return { type: "home", blocks: blocks.slice(0, 100) };
}
