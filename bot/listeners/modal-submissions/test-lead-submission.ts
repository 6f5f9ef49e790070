import type { App } from "@slack/bolt";
import { VIEWS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { refusalMessage } from "../../../slack/blocks/refusal-message.ts";
import { TEST_LEAD_FIELD_PREFIX } from "../../../slack/blocks/test-lead-modal.ts";
import { postToThreadOrDm } from "../../conversation.ts";
import { destinationForActor } from "../../destination-for-actor.ts";
import { replyOnError } from "../../error-reply.ts";
import type { ViewStateValues } from "../../forms/view-state.ts";
import { sendTestLeadFromSlack } from "../../onboarding/test-lead.ts";
import { destinationActionMetadata, readJson } from "../../../slack/private-metadata.ts";
import { resolveActor } from "../../slack-actor.ts";
import { threadInTeam, viewTeamId } from "../payload.ts";

/** "Send test lead": the (edited) sample goes out through the real delivery path. */
export function register(app: App, deps: BotDeps): void {
  app.view(VIEWS.testLead, async ({ ack, body, view, client, context }) => {
    const parsed = readJson(destinationActionMetadata, view.private_metadata);
    await ack();
    if (!parsed) return;
    const teamId = viewTeamId(body, context);
    const metadata = { ...parsed, thread: threadInTeam(parsed.thread, teamId) };
    const fields: Record<string, string> = {};
    for (const [blockId, block] of Object.entries(view.state.values as ViewStateValues)) {
      if (!blockId.startsWith(TEST_LEAD_FIELD_PREFIX)) continue;
      fields[blockId.slice(TEST_LEAD_FIELD_PREFIX.length)] = Object.values(block)[0]?.value?.trim() ?? "";
    }
    await replyOnError(
      deps.logger,
      (text) => postToThreadOrDm(client, metadata.thread, teamId, body.user.id, refusalMessage(text)),
      async () => {
        const destination = await destinationForActor(deps, await resolveActor(deps, client, teamId, body.user.id), metadata.destinationId);
        await sendTestLeadFromSlack(deps, client, {
          accountId: destination.accountId,
          destination,
          thread: metadata.thread,
          teamId,
          slackUserId: body.user.id,
          fields,
        });
      },
    );
  });
}
