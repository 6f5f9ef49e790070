/**
 * Every action_id and callback_id the bot's blocks carry, in one place so the pure block
 * builders (slack/blocks) and the listeners (bot/listeners) cannot drift apart.
 */
export const ACTIONS = {
  acceptInvitation: "invitation_accept",
  acceptWithNewFlow: "invitation_accept_new_flow",
  acceptWithExistingFlow: "invitation_accept_existing_flow",
  acceptAsAccount: "invitation_accept_as_account",
  requestAccess: "access_request",
  grantAccess: "access_grant",
  /** "<Account> added you": the person confirms or declines a pending membership. */
  joinAccount: "membership_join",
  declineAccount: "membership_decline",
  /** A button per integration, `destination_create:<integration>`; the bare id opens the modal with no integration chosen. */
  createDestination: "destination_create",
  integrationSelect: "destination_integration_select",
  authMethodSelect: "destination_auth_method_select",
  attachDestination: "destination_attach",
  sendTestLead: "test_lead_open",
  updateCredentials: "destination_update_credentials",
  editMappings: "destination_edit_mappings",
  retryDestination: "destination_retry",
  /** "Resend N failed leads" (a failure alert, the confirmation after a fix, `/leadrelay replay`); value: the destination id. */
  replayFailed: "destination_replay_failed",
  /** "Deliver the N leads that arrived before this destination"; value: the destination id. */
  replayUndelivered: "destination_replay_undelivered",
  salesforceAuthorize: "destination_salesforce_authorize",
  homeRefresh: "home_refresh",
  /** The invitation went to another address: enter the code emailed there, or have a new one sent. */
  enterInboxCode: "invitation_inbox_code_enter",
  resendInboxCode: "invitation_inbox_code_resend",
} as const;

export const VIEWS = {
  company: "onboarding_company",
  destination: "destination_configure",
  testLead: "test_lead_send",
  credentials: "destination_credentials",
  mappings: "destination_mappings",
  inboxCode: "invitation_inbox_code",
} as const;

/** `destination_create:hubspot` → "hubspot"; the bare id → undefined. */
export function integrationOfCreateAction(actionId: string): string | undefined {
  const [, integration] = actionId.split(":");
  return integration || undefined;
}
