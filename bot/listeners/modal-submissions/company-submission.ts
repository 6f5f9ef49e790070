import type { App } from "@slack/bolt";
import { VIEWS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { COMPANY_BLOCK } from "../../../slack/blocks/company-modal.ts";
import { refusalMessage } from "../../../slack/blocks/refusal-message.ts";
import { postInThread } from "../../conversation.ts";
import { replyOnError } from "../../error-reply.ts";
import { inputValue, type ViewStateValues } from "../../forms/view-state.ts";
import { completeAcceptance } from "../../onboarding/complete-acceptance.ts";
import { companyModalMetadata, readJson } from "../../../slack/private-metadata.ts";
import { threadInTeam, viewTeamId } from "../payload.ts";

/** The company-name modal: accepting creates the partner account and connects. */
export function register(app: App, deps: BotDeps): void {
  app.view(VIEWS.company, async ({ ack, body, view, client, context }) => {
    const parsed = readJson(companyModalMetadata, view.private_metadata);
    const thread = parsed ? threadInTeam(parsed.thread, viewTeamId(body, context)) : null;
    const metadata = parsed && thread ? { ...parsed, thread } : null;
    const company = inputValue(view.state.values as ViewStateValues, COMPANY_BLOCK);
    if (!metadata) {
      await ack({
        response_action: "errors",
        errors: { [COMPANY_BLOCK]: "This form has expired: click “Accept invite to connect” again" },
      });
      return;
    }
    if (!company) {
      await ack({ response_action: "errors", errors: { [COMPANY_BLOCK]: "Enter your company's name" } });
      return;
    }
    await ack();
    const teamId = viewTeamId(body, context);
    await replyOnError(
      deps.logger,
      (text) => postInThread(client, metadata.thread, refusalMessage(text)),
      () =>
        completeAcceptance(
          { deps, client, teamId, slackUserId: body.user.id, thread: metadata.thread, triggerId: null },
          { invitationId: metadata.invitationId, company },
        ),
    );
  });
}
