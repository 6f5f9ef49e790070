import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import { WebAPIPlatformError, WebAPIRateLimitedError } from "@slack/web-api";
import type { SlackText } from "../../slack/blocks/slack-text.ts";
import type { SlackTokenResolver } from "../../slack/slack-token-resolver.ts";
import type { Logger } from "../../core/logger.ts";
import type { ChannelRateGate } from "./channel-rate-gate.ts";
import type { SlackClients } from "./slack-clients.ts";

/** Slack errors that mean this channel (or workspace) cannot take our messages until someone acts: never retried. */
const UNPOSTABLE = new Set([
  "is_archived",
  "channel_not_found",
  "not_in_channel",
  "invalid_auth",
  "token_revoked",
  "account_inactive",
  "not_authed",
  "missing_scope",
  "restricted_action",
  "team_access_not_granted",
  "ekm_access_denied",
  "thread_not_found",
]);
const TOKEN_ERRORS = new Set(["invalid_auth", "token_revoked", "account_inactive", "not_authed"]);
/** Slack-side trouble worth trying again (BullMQ's backoff). */
const RETRYABLE = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"]);
/** chat.update cannot touch the earlier message any more: post a new one. */
const MESSAGE_GONE = new Set(["message_not_found", "cant_update_message", "edit_window_closed"]);

export interface SlackSendDeps {
  tokens: SlackTokenResolver;
  clients: SlackClients;
  gate: ChannelRateGate;
  logger: Logger;
}

export interface SlackTarget {
  teamId: string;
  channelId: string;
  threadTs?: string;
}

/** `text` is the notification text: a SlackText from a slack/blocks builder (escaped values only). */
export interface SlackMessageBody {
  text: SlackText;
  blocks: unknown[];
}

export type SendResult =
  | { kind: "sent"; ts: string }
  /** The channel cannot be posted to (`error` is Slack's code, e.g. is_archived). */
  | { kind: "unpostable"; error: string }
  /** No bot token for the team: Slack is not set up there. */
  | { kind: "no-token" };

/**
 * Posts a message (or updates `updateTs`) through the channel's rate gate. When the gate is
 * closed, or Slack answers 429, the job is moved back to delayed until the channel opens (or
 * Retry-After passes) and DelayedError is thrown: the worker slot is free at once and no
 * attempt is spent.
 */
export async function sendSlackMessage(
  deps: SlackSendDeps,
  job: Job,
  lockToken: string | undefined,
  target: SlackTarget,
  message: SlackMessageBody,
  options: { updateTs?: string | null } = {},
): Promise<SendResult> {
  const token = await deps.tokens.resolveBotToken(target.teamId);
  if (!token) {
    deps.logger.debug({ teamId: target.teamId, job: job.name }, "no Slack bot token for this team; notification skipped");
    return { kind: "no-token" };
  }
  const waitMs = await deps.gate.pass(target.teamId, target.channelId);
  if (waitMs > 0) await delay(job, lockToken, waitMs + Math.floor(Math.random() * 50));

  const client = deps.clients.for(token);
  const common = { channel: target.channelId, text: message.text, blocks: message.blocks as never[] };
  try {
    if (options.updateTs) {
      try {
        await client.chat.update({ ...common, ts: options.updateTs });
        return { kind: "sent", ts: options.updateTs };
      } catch (error) {
        if (!(error instanceof WebAPIPlatformError && MESSAGE_GONE.has(error.data.error))) throw error;
      }
    }
    const posted = await client.chat.postMessage({
      ...common,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      unfurl_links: false,
      unfurl_media: false,
    });
    return { kind: "sent", ts: String(posted.ts) };
  } catch (error) {
    if (error instanceof WebAPIRateLimitedError) {
      const retryAfterMs = Math.max(1, error.retryAfter) * 1_000;
      await deps.gate.hold(target.teamId, target.channelId, retryAfterMs);
      deps.logger.info({ channel: target.channelId, retryAfterMs, job: job.name }, "Slack rate limited this channel; rescheduled");
      await delay(job, lockToken, retryAfterMs);
    }
    if (error instanceof WebAPIPlatformError) {
      const code = error.data.error;
      if (UNPOSTABLE.has(code)) {
        if (TOKEN_ERRORS.has(code)) deps.tokens.forget(target.teamId);
        return { kind: "unpostable", error: code };
      }
      if (!RETRYABLE.has(code)) throw new UnrecoverableError(`Slack: ${code}`);
    }
    throw error;
  }
}

async function delay(job: Job, lockToken: string | undefined, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + ms, lockToken);
  throw new DelayedError();
}
