import { ACTIONS } from "../action-ids.ts";

/** Opens the destination's credentials form (the bot's `destination_update_credentials` action); value = destination id. */
export function updateCredentialsButton(destinationId: string) {
  return {
    type: "button" as const,
    action_id: ACTIONS.updateCredentials,
    text: { type: "plain_text" as const, text: "Update credentials", emoji: false },
    style: "primary" as const,
    value: destinationId,
  };
}
