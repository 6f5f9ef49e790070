import type { ModalView } from "@slack/types";
import { LIMITS, escapeMrkdwn, plain } from "./mrkdwn.ts";
import { slack, type SlackText } from "./slack-text.ts";

/** Shown while a slow verification runs (the modal is answered at once, then updated). `message` is escaped. */
export function checkingModal(title: string, message: string, privateMetadata: string, callbackId: string): ModalView {
  return {
    type: "modal",
    callback_id: callbackId,
    title: plain(title, LIMITS.title),
    close: plain("Close", LIMITS.button),
    private_metadata: privateMetadata,
    blocks: [{ type: "section", text: { type: "mrkdwn", verbatim: true, text: slack`:hourglass_flowing_sand: ${escapeMrkdwn(message)}` } }],
  };
}

/** A modal that just says something (a result, or why nothing happened): our text around escaped values. */
export function noticeModal(title: string, text: SlackText, callbackId = "notice"): ModalView {
  return {
    type: "modal",
    callback_id: callbackId,
    title: plain(title, LIMITS.title),
    close: plain("Close", LIMITS.button),
    blocks: [{ type: "section", text: { type: "mrkdwn", verbatim: true, text } }],
  };
}

/** The change was saved and verified. */
export function savedModal(title: string): ModalView {
  return noticeModal(title, slack`:white_check_mark: Saved and verified.`);
}

/** The change was not saved, and why (the problems may quote the destination's answer: escaped). */
export function notSavedModal(title: string, problems: readonly string[]): ModalView {
  return noticeModal(title, slack`:warning: *Not saved:* ${escapeMrkdwn(problems.join("; "))}`);
}
