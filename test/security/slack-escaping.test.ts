import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EventView } from "../../core/events/event-view.ts";
import { listIntegrations } from "../../core/integrations/registry.ts";
import type { AccountOverview, NextStep } from "../../core/onboarding/account-overview.ts";
import * as accessMessages from "../../slack/blocks/access-messages.ts";
import * as accountChoice from "../../slack/blocks/account-choice.ts";
import * as overviewBlocks from "../../slack/blocks/account-overview-blocks.ts";
import * as appHome from "../../slack/blocks/app-home.ts";
import * as authorizeModal from "../../slack/blocks/authorize-modal.ts";
import * as companyModal from "../../slack/blocks/company-modal.ts";
import * as connected from "../../slack/blocks/connected-message.ts";
import * as credentialsModal from "../../slack/blocks/credentials-modal.ts";
import * as buyersStatus from "../../slack/blocks/buyers-status.ts";
import * as burstAlert from "../../slack/blocks/delivery-burst-alert.ts";
import * as destinationChoice from "../../slack/blocks/destination-choice.ts";
import * as healthAlert from "../../slack/blocks/destination-health-alert.ts";
import * as destinationModal from "../../slack/blocks/destination-modal.ts";
import * as destinationReady from "../../slack/blocks/destination-ready.ts";
import * as destinationsList from "../../slack/blocks/destinations-list.ts";
import * as fixApplied from "../../slack/blocks/fix-applied.ts";
import * as replayMessages from "../../slack/blocks/replay-messages.ts";
import * as flowChoice from "../../slack/blocks/flow-choice.ts";
import * as formModal from "../../slack/blocks/form-modal.ts";
import * as authorizeButton from "../../slack/blocks/authorize-button.ts";
import * as mrkdwnSection from "../../slack/blocks/mrkdwn-section.ts";
import * as help from "../../slack/blocks/help-message.ts";
import * as inboxCode from "../../slack/blocks/inbox-code.ts";
import * as invitation from "../../slack/blocks/invitation-message.ts";
import * as mappingsModal from "../../slack/blocks/mappings-modal.ts";
import * as membership from "../../slack/blocks/membership-message.ts";
import * as refusal from "../../slack/blocks/refusal-message.ts";
import * as sendingTestLead from "../../slack/blocks/sending-test-lead.ts";
import * as slackText from "../../slack/blocks/slack-text.ts";
import * as mrkdwn from "../../slack/blocks/mrkdwn.ts";
import * as statusModals from "../../slack/blocks/status-modals.ts";
import * as testLeadModal from "../../slack/blocks/test-lead-modal.ts";
import * as testResult from "../../slack/blocks/test-result.ts";
import * as updateCredentialsButton from "../../slack/blocks/update-credentials-button.ts";
import { HOSTILE, injections, renderedStrings } from "../support/slack-injections.ts";

/**
 * Issue 8, item 9: a tenant's string must never ping a channel, mention someone or render a
 * link in anything the bot shows. Every builder of slack/blocks (messages, modals, App Home,
 * ephemeral answers, and the alerts jobs/notify posts) is run with every tenant string set to
 * HOSTILE, and every text Slack renders is checked. The export lists are read from the modules
 * themselves: a new builder without a case here fails the first test.
 */
const H = HOSTILE;

const ROOT = join(import.meta.dirname, "../..");
const BLOCK_FILES = readdirSync(join(ROOT, "slack/blocks")).filter((file) => file.endsWith(".ts"));

const EVENT: EventView = {
  id: "e1",
  type: "recipient",
  outcome: "failure",
  reason: H,
  ms: 12,
  is_test: true,
  lead_id: "l1",
  flow_id: null,
  delivery_id: null,
  destination_id: null,
  attempt: 1,
  snapshot: null,
  replay: false,
  created_at: "2026-01-01T00:00:00.000Z",
};

function overview(nextStep: NextStep | null): AccountOverview {
  return {
    account: { id: "a1", name: H, plan: "paid" },
    connections: [
      {
        id: "c1",
        status: "active",
        role: "buyer",
        partner: H,
        flow: { id: "f1", name: H, hasDestination: false },
        submitUrl: `https://lr.example/${H}`,
      },
      { id: "c2", status: "paused", role: "seller", partner: H, flow: null, submitUrl: null },
    ],
    destinations: [
      {
        id: "d1",
        name: H,
        integration: H,
        integrationName: H,
        health: "unhealthy",
        healthReason: H,
        lastDelivery: { status: H, at: "2026-01-01T00:00:00.000Z", reason: H, isTest: true },
      },
    ],
    recentEvents: [EVENT, { ...EVENT, type: "source", outcome: "success", reason: null }],
    nextStep,
  };
}

const NEXT_STEPS: NextStep[] = [
  { kind: "create_destination", flowId: "f1", sellerName: H },
  { kind: "fix_destination", destinationId: "d1", destinationName: H, reason: H },
  { kind: "send_test_lead", destinationId: "d1", destinationName: H },
  { kind: "connect" },
];

/** Real integrations, and one whose every label is hostile (names of settings and fields are ours, but the builder must not care). */
const INTEGRATIONS = listIntegrations();
const HOSTILE_INTEGRATION = { ...INTEGRATIONS[0]!, name: H, description: H };
const AUTH_METHOD = INTEGRATIONS.find((integration) => integration.id === "hubspot")!.authMethods[0]!;
const TEST_RESULT_BASE = {
  destinationId: "d1",
  leadId: H,
  destinationName: H,
  reason: H,
  summary: H,
  recordId: H,
  ms: 5,
  at: "2026-01-01T00:00:00.000Z",
};
const DESTINATIONS_INPUT = {
  account: { id: "a1", name: H, plan: "paid" as const },
  destinations: [{ id: "d1", name: H, integrationName: H, health: "disabled", healthReason: H }],
};

/**
 * Every builder, with the outputs it gives for hostile input (several branches where it has
 * them). Keyed `file:export`.
 */
const BUILDERS: Record<string, () => unknown[]> = {
  "access-messages.ts:accessRequiredMessage": () =>
    (["membership", "lead_access"] as const).map((reason) =>
      accessMessages.accessRequiredMessage({
        reason,
        invitationId: "i1",
        account: { id: "a1", name: H },
        admins: [
          { userId: "u1", name: H, email: H },
          { userId: "u2", name: null, email: H },
        ],
      }),
    ),
  "access-messages.ts:accessRequiredBlocks": () => [
    accessMessages.accessRequiredBlocks({ reason: "membership", invitationId: "i1", account: { id: "a1", name: H }, admins: [] }),
  ],
  "access-messages.ts:accessRequestBlocks": () => [
    accessMessages.accessRequestBlocks({
      request: {
        membershipId: "m1",
        invitationId: "i1",
        email: "x@y.example",
        name: H,
        requester: { teamId: "T1", channelId: "D1", threadTs: "1.1", slackUserId: "U1" },
      },
      accountName: H,
      sellerName: H,
    }),
  ],
  "access-messages.ts:accessGrantedMessage": () =>
    [true, false].map((already) => accessMessages.accessGrantedMessage({ name: H, accountName: H, byYou: !already, already })),
  "access-messages.ts:accessGrantedBlocks": () => [
    accessMessages.accessGrantedBlocks({ name: H, accountName: H, byYou: false, already: false }),
  ],
  "access-messages.ts:accessGrantedToRequesterBlocks": () => [
    accessMessages.accessGrantedToRequesterBlocks({ adminName: H, accountName: H, invitationId: "i1" }),
  ],
  "account-choice.ts:accountChoiceMessage": () => [
    accountChoice.accountChoiceMessage({ invitationId: "i1", sellerName: H, accounts: [{ id: "a1", name: H }] }),
  ],
  "account-choice.ts:accountChoiceBlocks": () => [
    accountChoice.accountChoiceBlocks({ invitationId: "i1", sellerName: H, accounts: [{ id: "a1", name: H }] }),
  ],
  "account-overview-blocks.ts:eventLine": () => [overviewBlocks.eventLine(EVENT)],
  "account-overview-blocks.ts:eventsMessage": () => [overviewBlocks.eventsMessage(H, [EVENT]), overviewBlocks.eventsMessage(H, [])],
  "account-overview-blocks.ts:statusMessage": () => [overviewBlocks.statusMessage(overview(NEXT_STEPS[0]!))],
  "account-overview-blocks.ts:accountOverviewBlocks": () =>
    NEXT_STEPS.flatMap((step) => [true, false].map((withButtons) => overviewBlocks.accountOverviewBlocks(overview(step), { withButtons }))),
  "account-overview-blocks.ts:destinationButtons": () => [overviewBlocks.destinationButtons("d1")],
  "app-home.ts:appHomeView": () => [
    appHome.appHomeView({ overview: overview(NEXT_STEPS[1]!), email: H, otherAccounts: 2 }),
    appHome.appHomeView({ overview: null, email: H, otherAccounts: 0 }),
    appHome.appHomeView({ overview: null, email: null, otherAccounts: 0 }),
  ],
  "authorize-modal.ts:authorizeModal": () => [
    authorizeModal.authorizeModal({ destinationName: H, integrationName: H, authorizeUrl: "https://login.example/authorize" }),
  ],
  "company-modal.ts:companyModal": () => [companyModal.companyModal({ sellerName: H, suggestedCompany: H, email: H, privateMetadata: H })],
  "connected-message.ts:connectedMessage": () =>
    [true, false].map((created) =>
      connected.connectedMessage(
        { sellerName: H, accountName: H, plan: created ? "partner" : "paid", accountCreated: created, flowName: H, again: !created },
        sendingTestLead.sendingTestLeadMessage({ destinationName: H, leadId: H }),
      ),
    ),
  "connected-message.ts:connectedBlocks": () => [
    connected.connectedBlocks({ sellerName: H, accountName: H, plan: "paid", accountCreated: false, flowName: null, again: false }),
  ],
  "credentials-modal.ts:credentialsModal": () => [
    credentialsModal.credentialsModal({
      destinationName: H,
      authMethod: AUTH_METHOD,
      hints: { accessToken: H },
      privateMetadata: H,
      problems: [H, H],
      authorizeUrl: "https://login.example/authorize",
    }),
  ],
  "delivery-burst-alert.ts:burstHeadline": () => [
    burstAlert.burstHeadline({ kind: "failure", count: 3, windowMs: 60_000, reason: H, destinationName: H }),
  ],
  "delivery-burst-alert.ts:deliveryBurstAlertBlocks": () =>
    (["failure", "success"] as const).map((kind) =>
      burstAlert.deliveryBurstAlertBlocks({
        kind,
        count: 2,
        windowMs: 300_000,
        reason: kind === "failure" ? H : null,
        accountName: H,
        destinationId: "d1",
        destinationName: H,
        latestLead: { id: "l1", label: H },
        offerCredentials: true,
        resendFailed: 3,
      }),
    ),
  "destination-choice.ts:destinationChoiceMessage": () => [
    destinationChoice.destinationChoiceMessage({
      sellerName: H,
      accountId: "a1",
      flowId: "f1",
      integrations: [{ id: "webhook", name: H }],
      existingDestinations: [{ id: "d1", name: H }],
    }),
  ],
  "destination-choice.ts:destinationChoiceBlocks": () => [
    destinationChoice.destinationChoiceBlocks({
      sellerName: H,
      accountId: "a1",
      flowId: null,
      integrations: [{ id: "webhook", name: H }],
      existingDestinations: [],
    }),
  ],
  "destination-health-alert.ts:destinationHealthAlertBlocks": () =>
    (["unhealthy", "disabled"] as const).map((health) =>
      healthAlert.destinationHealthAlertBlocks({
        health,
        reason: H,
        fix: H,
        accountName: H,
        destinationId: "d1",
        destinationName: H,
        offerCredentials: true,
      }),
    ),
  "destination-modal.ts:destinationModal": () => [
    destinationModal.destinationModal({ integrations: INTEGRATIONS, privateMetadata: H, problems: [H] }),
    ...INTEGRATIONS.map((integration) =>
      destinationModal.destinationModal({
        integrations: INTEGRATIONS,
        integrationId: integration.id,
        values: { name: H, description: H, action: H, settings: { url: H, headers: H }, mappings: H },
        problems: [H],
        privateMetadata: H,
      }),
    ),
    destinationModal.destinationModal({ integrations: [HOSTILE_INTEGRATION], integrationId: HOSTILE_INTEGRATION.id, privateMetadata: H }),
  ],
  "destination-ready.ts:destinationSetUpMessage": () =>
    [null, "https://login.example/authorize"].map((authorizeUrl) =>
      destinationReady.destinationSetUpMessage({
        destinationId: "d1",
        destinationName: H,
        integrationName: H,
        verified: H,
        sellers: [
          { name: H, submitUrl: `https://lr.example/${H}` },
          { name: H, submitUrl: null },
        ],
        authorizeUrl,
        undelivered: 4,
      }),
    ),
  "destination-ready.ts:destinationReadyBlocks": () => [
    destinationReady.destinationReadyBlocks({ destinationId: "d1", destinationName: H, integrationName: H, verified: null, sellers: [] }),
  ],
  "destinations-list.ts:destinationsListMessage": () => [
    destinationsList.destinationsListMessage(DESTINATIONS_INPUT),
    destinationsList.destinationsListMessage({ ...DESTINATIONS_INPUT, account: { ...DESTINATIONS_INPUT.account, plan: "partner" } }),
    destinationsList.destinationsListMessage({ ...DESTINATIONS_INPUT, destinations: [] }),
  ],
  "fix-applied.ts:fixAppliedMessage": () =>
    [0, 1, 3].flatMap((waiting) =>
      [0, 2].map((failed) => fixApplied.fixAppliedMessage({ what: H, destinationId: "d1", destinationName: H, waiting, failed })),
    ),
  "replay-messages.ts:replayStartedMessage": () =>
    (["failed", "undelivered"] as const).map((kind) =>
      replayMessages.replayStartedMessage({ kind, replayed: 12, destinationName: H, ratePerSecond: 20 }),
    ),
  "replay-messages.ts:nothingToReplayMessage": () =>
    (["failed", "undelivered"] as const).map((kind) => replayMessages.nothingToReplayMessage({ kind, destinationName: H, windowDays: 31 })),
  "replay-messages.ts:replayOutcomeMessage": () =>
    ["failed", "undelivered", "waiting", "lead_ids"].flatMap((kind) =>
      [0, 2].map((failed) => replayMessages.replayOutcomeMessage({ kind, destinationId: "d1", destinationName: H, delivered: 3, failed })),
    ),
  "replay-messages.ts:replayHelpMessage": () => [
    replayMessages.replayHelpMessage({
      windowDays: 31,
      ratePerSecond: 20,
      destinations: [
        { id: "d1", name: H, failed: 2, undelivered: 3 },
        { id: "d2", name: H, failed: 0, undelivered: 0 },
      ],
    }),
  ],
  "flow-choice.ts:flowChoiceMessage": () => [
    flowChoice.flowChoiceMessage({ invitationId: "i1", sellerName: H, account: { id: "a1", name: H }, flows: [{ id: "f1", name: H }] }),
  ],
  "flow-choice.ts:flowChoiceBlocks": () => [
    flowChoice.flowChoiceBlocks({ invitationId: "i1", sellerName: H, account: { id: "a1", name: H }, flows: [] }),
  ],
  "form-modal.ts:formModal": () => [formModal.formModal({ callbackId: H, title: H, submit: H, privateMetadata: H, blocks: [] })],
  "help-message.ts:helpBlocks": () => [help.helpBlocks()],
  "help-message.ts:helpMessage": () => [help.helpMessage()],
  "buyers-status.ts:buyersStatusReply": () => [
    buyersStatus.buyersStatusReply({ accountName: H, statuses: [], more: false }),
    buyersStatus.buyersStatusReply({
      accountName: H,
      more: true,
      statuses: (["invited", "invitation_expired", "accepted", "destination_connected", "lead_delivered"] as const).map((stage) => ({
        buyer: H,
        stage,
        connectionStatus: stage === "accepted" ? ("paused" as const) : null,
        at: new Date("2026-01-01T00:00:00Z"),
        onlyTestLeads: true,
      })),
    }),
  ],
  "inbox-code.ts:inboxCodeMessage": () => [inboxCode.inboxCodeMessage({ invitationId: "i1", sellerName: H, invited: H, slackEmail: H })],
  "inbox-code.ts:inboxCodeUnavailableMessage": () => [inboxCode.inboxCodeUnavailableMessage({ sellerName: H, invited: H, slackEmail: H })],
  "inbox-code.ts:inboxCodeModal": () => [inboxCode.inboxCodeModal({ invited: H, privateMetadata: H })],
  "invitation-message.ts:invitationMessage": () => [
    invitation.invitationMessage({
      invitationId: "i1",
      sellerName: H,
      invitedBy: H,
      email: H,
      fields: [H, "first_name"],
      expiresAt: new Date("2026-01-01T00:00:00Z"),
    }),
    invitation.invitationMessage({
      invitationId: "i1",
      sellerName: H,
      invitedBy: null,
      email: H,
      fields: [],
      expiresAt: new Date("2026-01-01T00:00:00Z"),
    }),
  ],
  "invitation-message.ts:invitationSentReply": () => [
    invitation.invitationSentReply({
      created: true,
      email: H,
      accountName: H,
      emailDetail: H,
      notified: true,
      acceptUrl: `https://lr.example/${H}`,
    }),
    invitation.invitationSentReply({
      created: false,
      email: H,
      accountName: H,
      emailDetail: null,
      notified: false,
      acceptUrl: `https://lr.example/${H}`,
    }),
  ],
  "membership-message.ts:membershipMessage": () =>
    (["admin", "member"] as const).map((role) =>
      membership.membershipMessage({ membershipId: "m1", accountName: H, role, leadAccess: role === "member" }),
    ),
  "membership-message.ts:membershipDecidedMessage": () =>
    (["join", "decline"] as const).map((decision) => membership.membershipDecidedMessage({ decision, accountName: H })),
  "mappings-modal.ts:mappingsModal": () => [
    mappingsModal.mappingsModal({ destinationName: H, integrationName: H, mappingsText: H, requiredFields: [H], privateMetadata: H }),
  ],
  "mrkdwn.ts:plain": () => [mrkdwn.plain(H), mrkdwn.plain(H, 24)],
  "mrkdwn.ts:possessive": () => [mrkdwn.possessive(H), mrkdwn.possessive(`${H}s`), mrkdwn.possessive(H, { bold: true })],
  "refusal-message.ts:refusalMessage": () => [refusal.refusalMessage(H)],
  "refusal-message.ts:noteMessage": () => [refusal.noteMessage(H)],
  "refusal-message.ts:noteReply": () => [refusal.noteReply(H)],
  "sending-test-lead.ts:sendingTestLeadMessage": () => [sendingTestLead.sendingTestLeadMessage({ destinationName: H, leadId: H })],
  "sending-test-lead.ts:sendingTestLeadBlocks": () => [sendingTestLead.sendingTestLeadBlocks({ destinationName: H, leadId: null })],
  "slack-text.ts:plainText": () => [slackText.plainText(H), slackText.plainText(H, 10)],
  "slack-text.ts:mrkdwn": () => [slackText.mrkdwn(slackText.escapeSlackText(H))],
  "slack-text.ts:channelLink": () => [slackText.channelLink(H)],
  "status-modals.ts:checkingModal": () => [statusModals.checkingModal(H, H, H, H)],
  "status-modals.ts:noticeModal": () => [statusModals.noticeModal(H, slackText.escapeSlackText(H))],
  "status-modals.ts:savedModal": () => [statusModals.savedModal(H)],
  "status-modals.ts:notSavedModal": () => [statusModals.notSavedModal(H, [H, H])],
  "test-lead-modal.ts:testLeadModal": () => [
    testLeadModal.testLeadModal({
      destinationName: H,
      fields: { [H]: H, email: H },
      privateMetadata: H,
      intro: testLeadModal.destinationSavedIntro(H, H),
    }),
  ],
  "test-lead-modal.ts:destinationSavedIntro": () => [
    testLeadModal.destinationSavedIntro(H, H),
    testLeadModal.destinationSavedIntro(H, null),
  ],
  "test-result.ts:testResultText": () =>
    (["success", "failure", "error", "skip"] as const).map((outcome) => testResult.testResultText({ ...TEST_RESULT_BASE, outcome })),
  "test-result.ts:testResultMessage": () =>
    (["success", "failure", "error", "skip"] as const).flatMap((outcome) => [
      testResult.testResultMessage({ ...TEST_RESULT_BASE, outcome }),
      testResult.testResultMessage({ outcome, destinationId: "d1", reason: H }),
    ]),
  "test-result.ts:testResultBlocks": () => [testResult.testResultBlocks({ ...TEST_RESULT_BASE, outcome: "failure" })],
  "update-credentials-button.ts:updateCredentialsButton": () => [updateCredentialsButton.updateCredentialsButton("d1")],
  "authorize-button.ts:authorizeButton": () => [authorizeButton.authorizeButton(H, "https://login.example/authorize")],
};

/** Exports of slack/blocks that build nothing Slack shows (ids, parsers, the escaping primitives themselves, constants). */
const NOT_BUILDERS: Record<string, string> = {
  "account-choice.ts:accountChoiceBlockId": "a block id",
  "account-choice.ts:parseAccountChoiceBlockId": "parses a block id",
  "company-modal.ts:COMPANY_BLOCK": "a block id",
  "inbox-code.ts:INBOX_CODE_BLOCK": "a block id",
  "credentials-modal.ts:credentialsBlockId": "a block id",
  "delivery-burst-alert.ts:windowLabel": "a duration (ours), escaped by burstHeadline",
  "destination-modal.ts:DESTINATION_BLOCKS": "block ids",
  "destination-modal.ts:credentialBlockId": "a block id",
  "destination-modal.ts:settingBlockId": "a block id",
  "destination-modal.ts:typedCredentialFields": "filters an integration's fields",
  "flow-choice.ts:BUYER_STEP_FLOW_LABEL": "our label",
  "flow-choice.ts:flowChoiceBlockId": "a block id",
  "flow-choice.ts:parseFlowChoiceBlockId": "parses a block id",
  "help-message.ts:HELP_TEXT": "our text (checked through helpMessage)",
  "mappings-modal.ts:MAPPINGS_BLOCK": "a block id",
  "mappings-text.ts:formatMappings": "an input's initial value (never rendered as text)",
  "mappings-text.ts:parseMappings": "parses an input",
  "mrkdwn.ts:escapeMrkdwn": "the escaper",
  "mrkdwn.ts:truncate": "cuts a raw value (escaped after)",
  "mrkdwn.ts:clip": "cuts escaped text",
  "mrkdwn.ts:slackDate": "our date token",
  "mrkdwn.ts:LIMITS": "Slack's limits",
  "mrkdwn-section.ts:mrkdwnSection": "wraps text its caller escaped",
  "setting-fields.ts:settingFields": "reads a settings schema",
  "setting-fields.ts:humanise": "labels from our schema keys",
  "setting-fields.ts:formatLines": "an input's initial value",
  "setting-fields.ts:parseLines": "parses an input",
  "slack-text.ts:escapeSlackText": "the escaper",
  "slack-text.ts:slack": "the template tag (accepts escaped parts only)",
  "slack-text.ts:joinSlackText": "joins escaped parts",
  "replay-messages.ts:resendFailedButton": "a button with a count (its message's text is covered above)",
  "replay-messages.ts:deliverUndeliveredButton": "a button with a count (its message's text is covered above)",
  "slack-text.ts:clipSlackText": "cuts escaped text",
  "slack-text.ts:escapeClipped": "the escaper, clipped",
  "test-lead-modal.ts:TEST_LEAD_FIELD_PREFIX": "a block id prefix",
  "test-result.ts:suggestedFix": "classifies a cause",
};

/**
 * What jobs/notify posts, and with which builder (each covered above). The notify modules that
 * post are also run end to end with hostile names in slack-escaping-journey.test.ts.
 */
const NOTIFY_POSTERS: Record<string, string> = {
  "post-burst-alert.ts:postBurstAlert": "delivery-burst-alert.ts:deliveryBurstAlertBlocks",
  "post-destination-health-alert.ts:postDestinationHealthAlert": "destination-health-alert.ts:destinationHealthAlertBlocks",
  "post-test-result.ts:postTestResult": "test-result.ts:testResultMessage",
  "post-replay-outcome.ts:postReplayOutcome": "replay-messages.ts:replayOutcomeMessage",
};
const NOTIFY_OTHERS: Record<string, string> = {
  "alert-audience-cache.ts:AlertAudienceCache": "who listens (cached)",
  "alert-audience-cache.ts:RedisAudienceVersions": "a version counter in Redis",
  "alert-bursts.ts:AlertBursts": "counts in Redis",
  "channel-rate-gate.ts:ChannelRateGate": "rate gate",
  "fan-out-delivery-attempt.ts:fanOutDeliveryAttempt": "queues jobs",
  "notify-once.ts:NotifyOnce": "dedup in Redis",
  "send-slack-message.ts:sendSlackMessage": "sends a built message (its text is typed SlackText)",
  "slack-clients.ts:SlackClients": "WebClient cache",
};

const MODULES: Record<string, Record<string, unknown>> = {
  "access-messages.ts": accessMessages,
  "account-choice.ts": accountChoice,
  "account-overview-blocks.ts": overviewBlocks,
  "app-home.ts": appHome,
  "authorize-modal.ts": authorizeModal,
  "company-modal.ts": companyModal,
  "buyers-status.ts": buyersStatus,
  "connected-message.ts": connected,
  "credentials-modal.ts": credentialsModal,
  "delivery-burst-alert.ts": burstAlert,
  "destination-choice.ts": destinationChoice,
  "destination-health-alert.ts": healthAlert,
  "destination-modal.ts": destinationModal,
  "destination-ready.ts": destinationReady,
  "destinations-list.ts": destinationsList,
  "fix-applied.ts": fixApplied,
  "flow-choice.ts": flowChoice,
  "form-modal.ts": formModal,
  "help-message.ts": help,
  "inbox-code.ts": inboxCode,
  "invitation-message.ts": invitation,
  "mappings-modal.ts": mappingsModal,
  "membership-message.ts": membership,
  "refusal-message.ts": refusal,
  "replay-messages.ts": replayMessages,
  "sending-test-lead.ts": sendingTestLead,
  "slack-text.ts": slackText,
  "mrkdwn.ts": mrkdwn,
  "status-modals.ts": statusModals,
  "test-lead-modal.ts": testLeadModal,
  "test-result.ts": testResult,
  "update-credentials-button.ts": updateCredentialsButton,
  "authorize-button.ts": authorizeButton,
  "mrkdwn-section.ts": mrkdwnSection,
};

describe("every Slack builder escapes tenant strings", () => {
  it("has a hostile-input case (or a reason it builds nothing) for every export of slack/blocks and jobs/notify", async () => {
    const uncovered: string[] = [];
    expect(Object.keys(MODULES).sort()).toEqual(
      [...BLOCK_FILES].filter((file) => file !== "setting-fields.ts" && file !== "mappings-text.ts").sort(),
    );
    for (const file of BLOCK_FILES) {
      const module = (await import(join(ROOT, "slack/blocks", file))) as Record<string, unknown>;
      for (const name of Object.keys(module)) {
        const key = `${file}:${name}`;
        if (!(key in BUILDERS) && !(key in NOT_BUILDERS)) uncovered.push(key);
      }
    }
    for (const file of readdirSync(join(ROOT, "jobs/notify")).filter((f) => f.endsWith(".ts"))) {
      const module = (await import(join(ROOT, "jobs/notify", file))) as Record<string, unknown>;
      for (const name of Object.keys(module)) {
        const key = `${basename(file)}:${name}`;
        if (!(key in NOTIFY_POSTERS) && !(key in NOTIFY_OTHERS)) uncovered.push(`jobs/notify/${key}`);
      }
    }
    expect(uncovered, "add a hostile-input case to BUILDERS (or say why it builds nothing)").toEqual([]);
    for (const builder of Object.values(NOTIFY_POSTERS)) expect(BUILDERS[builder], builder).toBeDefined();
  });

  it.each(Object.keys(BUILDERS))("%s: no mention, link or @here survives", (key) => {
    const [file, name] = key.split(":") as [string, string];
    expect(typeof MODULES[file]?.[name], `${key} is exported`).toBe("function");
    const outputs = BUILDERS[key]!();
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) expect(injections(output)).toEqual([]);
    // The hostile value really went through (escaped), except in builders that take no tenant text.
    const rendered = outputs.flatMap((output) => renderedStrings(output).map(({ text }) => text)).join("\n");
    if (
      !["help-message.ts", "update-credentials-button.ts"].includes(file) &&
      !key.endsWith(":destinationButtons") &&
      !key.endsWith(":savedModal")
    ) {
      expect(rendered, `${key} shows the tenant's text, escaped`).toMatch(/&lt;(!channel|!here|@U123|#C123|https:\/\/x)/);
    }
  });

  it("marks every mrkdwn text verbatim, so a bare URL, #name or @name in a value is not turned into a link", () => {
    const loose: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (Array.isArray(value)) return value.forEach((item, index) => walk(item, `${path}[${index}]`));
      if (!value || typeof value !== "object") return;
      const record = value as Record<string, unknown>;
      if (record.type === "mrkdwn" && record.verbatim !== true) loose.push(`${path}: ${String(record.text)}`);
      for (const [key, child] of Object.entries(record)) walk(child, `${path}.${key}`);
    };
    for (const [key, build] of Object.entries(BUILDERS)) walk(build(), key);
    expect(loose).toEqual([]);
  });

  it("keeps titles, buttons and options within Slack's limits, with no entity cut in half", () => {
    const sizes: Record<string, number> = { title: 24, submit: 24, close: 24 };
    const walk = (value: unknown, key = ""): void => {
      if (Array.isArray(value)) return value.forEach((item) => walk(item, key));
      if (!value || typeof value !== "object") return;
      const record = value as Record<string, unknown>;
      if (record.type === "plain_text" && typeof record.text === "string") {
        const max = sizes[key] ?? (key === "text" || key === "placeholder" ? 150 : 2000);
        expect(record.text.length, `${key}: ${record.text}`).toBeLessThanOrEqual(max);
        expect(record.text).not.toMatch(/&(a|am|amp|l|lt|g|gt)?…$/);
      }
      for (const [childKey, child] of Object.entries(record)) walk(child, childKey);
    };
    for (const build of Object.values(BUILDERS)) walk(build());
  });
});

describe("Slack surfaces are only built in slack/blocks and only posted through two chokepoints", () => {
  const sources = (dir: string) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts"))
      .map((file) => ({ file: `${dir}/${file}`, text: readFileSync(join(ROOT, dir, file), "utf8") }));
  const code = [...sources("bot"), ...sources("jobs"), ...sources("slack")];

  it("no block, text object or view is written outside slack/blocks (where the cases above run them)", () => {
    const outside = code
      .filter(({ file }) => !file.startsWith("slack/blocks/"))
      .flatMap(({ file, text }) =>
        [...text.matchAll(/type: "(section|mrkdwn|plain_text|header|context|modal|home|rich_text)"/g)].map(
          (match) => `${file}: ${match[0]}`,
        ),
      );
    expect(outside).toEqual([]);
  });

  it("every chat.postMessage / chat.update goes through bot/conversation.ts or jobs/notify/send-slack-message.ts (their text is typed SlackText)", () => {
    const callers = code
      .filter(({ text }) => /\.chat\.(postMessage|update|postEphemeral|scheduleMessage)\(/.test(text))
      .map(({ file }) => file);
    expect(callers.sort()).toEqual(["bot/conversation.ts", "jobs/notify/send-slack-message.ts"]);
  });
});
