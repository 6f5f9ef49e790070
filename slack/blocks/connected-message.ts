import type { KnownBlock } from "@slack/types";
import { escapeMrkdwn } from "./mrkdwn.ts";
import { slack, type SlackText } from "./slack-text.ts";

export interface ConnectedInput {
  sellerName: string;
  accountName: string;
  plan: "partner" | "paid";
  accountCreated: boolean;
  flowName: string | null;
  /** true when this invitation had been accepted before (the button was clicked again). */
  again: boolean;
}

/** The confirmation after accepting, followed by the next step's message. */
export function connectedMessage(
  input: ConnectedInput,
  next: { text: SlackText; blocks?: KnownBlock[] },
): { text: SlackText; blocks: KnownBlock[] } {
  return {
    text: slack`You're connected to ${escapeMrkdwn(input.sellerName)}. ${next.text}`,
    blocks: [...connectedBlocks(input), ...(next.blocks ?? [])],
  };
}

/** The confirmation after accepting: connected to whom, in which account (and flow). */
export function connectedBlocks(input: ConnectedInput): KnownBlock[] {
  const seller = escapeMrkdwn(input.sellerName);
  const account = escapeMrkdwn(input.accountName);
  const lines = [
    input.again
      ? `:white_check_mark: You already accepted this invitation: *${account}* is connected to *${seller}*.`
      : `:white_check_mark: *You're connected to ${seller}.*`,
    input.accountCreated
      ? `Your account *${account}* was created on the free *LeadConduit for Partners* plan, with you as admin.`
      : `Account: *${account}* (${input.plan === "paid" ? "LeadConduit" : "LeadConduit for Partners"}).`,
    input.flowName ? `${seller} is an Account Source of your flow *${escapeMrkdwn(input.flowName)}*.` : "",
  ].filter(Boolean);
  return [{ type: "section", text: { type: "mrkdwn", verbatim: true, text: lines.join("\n") } }];
}
