import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { SecretBox } from "../core/crypto/secret-box.ts";
import type { PrismaClient } from "../core/db/prisma.ts";
import { deleteSlackInstallation, findSealedInstallation, saveSlackInstallation } from "../core/slack/slack-installations.ts";

/**
 * @slack/oauth's installation store over the `slack_installations` table (core/slack/slack-installations.ts). The bot token and
 * the whole Installation (which holds every token) are sealed with SecretBox; only ids and
 * names are stored in the clear. An org-wide (Enterprise Grid) install is keyed by its
 * enterprise id in `team_id`.
 */
export class PrismaInstallationStore implements InstallationStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly secretBox: SecretBox,
  ) {}

  async storeInstallation<AuthVersion extends "v1" | "v2">(installation: Installation<AuthVersion, boolean>): Promise<void> {
    const teamId = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
    const botToken = installation.bot?.token;
    if (!teamId) throw new Error("Slack installation has no team or enterprise id");
    if (!botToken) throw new Error("Slack installation has no bot token: the app must request bot scopes");
    await saveSlackInstallation(this.prisma, {
      teamId,
      enterpriseId: installation.enterprise?.id ?? null,
      teamName: installation.team?.name ?? installation.enterprise?.name ?? null,
      botUserId: installation.bot?.userId ?? null,
      botToken: this.secretBox.seal(botToken),
      installation: this.secretBox.sealJson(installation),
    });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<"v1" | "v2", boolean>> {
    const sealed = await findSealedInstallation(this.prisma, keyOf(query));
    if (!sealed) throw new Error(`No Slack installation for ${keyOf(query)}`);
    return this.secretBox.openJson<Installation<"v1" | "v2", boolean>>(sealed);
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await deleteSlackInstallation(this.prisma, keyOf(query));
  }
}

function keyOf(query: InstallationQuery<boolean>): string {
  const key = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
  if (!key) throw new Error("Slack installation query names no team");
  return key;
}
