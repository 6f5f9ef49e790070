import type { SlackView } from "../fakes/slack.ts";
import { replyBlocks, type SlackDriver } from "./slack-driver.ts";

/** `/leadrelay destinations` → “Create destination”: the destination modal, no integration chosen yet. */
export async function openDestinationCreation(driver: SlackDriver, userId: string): Promise<SlackView> {
  const list = await driver.command(userId, "destinations");
  return driver.modalOpenedBy("destination_configure", () =>
    driver.clickIn(userId, replyBlocks(list), "destination_create", { type: "ephemeral", channelId: "C0GENERAL" }),
  );
}

/**
 * Picks `integration` in the destination modal (dispatch_action) and waits for the modal redrawn
 * with that integration's inputs, `inputBlockId` among them.
 */
export async function chooseIntegration(
  driver: SlackDriver,
  userId: string,
  modal: SlackView,
  integration: string,
  inputBlockId: string,
): Promise<SlackView> {
  await driver.select(userId, modal, "destination_integration_select", integration);
  return driver.redrawn(modal, `the modal redrawn for ${integration}`, (view) => JSON.stringify(view.blocks).includes(inputBlockId));
}
