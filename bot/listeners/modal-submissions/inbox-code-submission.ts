import type { App } from "@slack/bolt";
import type { ModalView } from "@slack/types";
import { z } from "zod";
import { checkInboxCode, type InboxCodeCheck } from "../../../core/invitations/invitation-claims.ts";
import { VIEWS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { INBOX_CODE_BLOCK } from "../../../slack/blocks/inbox-code.ts";
import { refusalMessage } from "../../../slack/blocks/refusal-message.ts";
import { postInThread } from "../../conversation.ts";
import { replyOnError } from "../../error-reply.ts";
import { inputValue, type ViewStateValues } from "../../forms/view-state.ts";
import { beginAcceptance } from "../../onboarding/begin-acceptance.ts";
import { readJson, threadRefSchema } from "../../../slack/private-metadata.ts";
import { settle, within } from "../../within.ts";
import { threadInTeam, viewTeamId } from "../payload.ts";

const metadataSchema = z.object({ invitationId: z.uuid(), thread: threadRefSchema });

const REFUSED: Record<Exclude<InboxCodeCheck, { ok: true }>["reason"], string> = {
  wrong: "",
  no_code: "No code is waiting: close this and press “Email a new code”",
  expired: "This code expired (codes work for 15 minutes): close this and press “Email a new code”",
  too_many_tries: "Too many wrong codes: close this and press “Email a new code”",
};

/**
 * The code typed into "Enter the code": checked against the clicker's own claim (their verified
 * Slack id and workspace, never an id from the payload). Right: accepting goes on as usual, as
 * the Slack person, with the next modal (the company name) taking this one's place. Wrong:
 * the error is shown on the input with the tries left.
 */
export function register(app: App, deps: BotDeps): void {
  app.view(VIEWS.inboxCode, async ({ ack, body, view, client, context }) => {
    const teamId = viewTeamId(body, context);
    const parsed = readJson(metadataSchema, view.private_metadata);
    const thread = parsed ? threadInTeam(parsed.thread, teamId) : null;
    if (!parsed || !thread) {
      await ack({ response_action: "errors", errors: { [INBOX_CODE_BLOCK]: "This form has expired: press “Enter the code” again" } });
      return;
    }
    const entered = inputValue(view.state.values as ViewStateValues, INBOX_CODE_BLOCK);
    const checked = await checkInboxCode(
      deps.prisma,
      deps.secretBox,
      { invitationId: parsed.invitationId, teamId, slackUserId: body.user.id },
      entered,
    );
    if (!checked.ok) {
      const message =
        checked.reason === "wrong"
          ? `That is not the code: ${checked.triesLeft} ${checked.triesLeft === 1 ? "try" : "tries"} left`
          : REFUSED[checked.reason];
      await ack({ response_action: "errors", errors: { [INBOX_CODE_BLOCK]: message } });
      return;
    }

    // One answer to this submission: the next modal if accepting shows one soon, else close.
    let answered = false;
    const answer = async (response?: { response_action: "update"; view: ModalView } | { response_action: "clear" }) => {
      if (answered) return false;
      answered = true;
      await ack(response);
      return true;
    };
    const accepting = settle(
      replyOnError(
        deps.logger,
        (text) => postInThread(client, thread, refusalMessage(text)),
        () =>
          beginAcceptance(
            {
              deps,
              client,
              teamId,
              slackUserId: body.user.id,
              thread,
              triggerId: null,
              showModal: (next) => answer({ response_action: "update", view: next }),
            },
            parsed.invitationId,
          ),
      ),
    );
    await within(accepting, deps.ackBudgetMs);
    await answer({ response_action: "clear" });
    await accepting;
  });
}
