import type { KnownBlock, ModalView } from "@slack/types";
import { LIMITS, plain } from "./mrkdwn.ts";

/** The shell every form modal shares: a title, a submit button, Cancel, and state carried in private_metadata. */
export function formModal(input: {
  callbackId: string;
  title: string;
  submit: string;
  privateMetadata: string;
  blocks: KnownBlock[];
}): ModalView {
  return {
    type: "modal",
    callback_id: input.callbackId,
    title: plain(input.title, LIMITS.title),
    submit: plain(input.submit, LIMITS.title),
    close: plain("Cancel", LIMITS.title),
    private_metadata: input.privateMetadata,
    blocks: input.blocks,
  };
}
