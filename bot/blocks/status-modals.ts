import type { ModalView } from "@slack/types";
import { plain } from "./mrkdwn.ts";

/** Shown while a slow verification runs (the modal is answered at once, then updated). */
export function checkingModal(title: string, text: string, privateMetadata: string, callbackId: string): ModalView {
  return {
    type: "modal",
    callback_id: callbackId,
    title: plain(title),
    close: plain("Close"),
    private_metadata: privateMetadata,
    blocks: [{ type: "section", text: { type: "mrkdwn", text: `:hourglass_flowing_sand: ${text}` } }],
  };
}

/** A modal that just says something (a result, or why nothing happened). */
export function noticeModal(title: string, text: string, callbackId = "notice"): ModalView {
  return {
    type: "modal",
    callback_id: callbackId,
    title: plain(title),
    close: plain("Close"),
    blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
  };
}
