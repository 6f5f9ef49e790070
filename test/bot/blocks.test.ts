import { describe, expect, it } from "vitest";
import { companyNameFromDomain } from "../../core/invitations/acceptance-path.ts";
import { findIntegration, listIntegrations } from "../../core/integrations/registry.ts";
import { credentialBlockId, destinationModal, typedCredentialFields } from "../../slack/blocks/destination-modal.ts";
import { formatMappings, parseMappings } from "../../slack/blocks/mappings-text.ts";
import { humanise, parseLines, settingFields } from "../../slack/blocks/setting-fields.ts";
import { suggestedFix, testResultBlocks, testResultText } from "../../slack/blocks/test-result.ts";
import { problemErrors, readDestinationForm } from "../../bot/forms/destination-form.ts";
import { parseSlackBody } from "../../bot/parse-slack-body.ts";
import { accountChoiceMessage } from "../../slack/blocks/account-choice.ts";
import { destinationChoiceMessage } from "../../slack/blocks/destination-choice.ts";
import { possessive } from "../../slack/blocks/mrkdwn.ts";

const hubspot = findIntegration("hubspot")!;
const salesforce = findIntegration("salesforce")!;
const webhook = findIntegration("webhook")!;

describe("test result blocks (shared with the notify worker)", () => {
  const destinationId = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

  it("names the record and the time on success", () => {
    const input = {
      outcome: "success" as const,
      reason: "HubSpot contact 512 created",
      summary: "HubSpot contact 512 created",
      recordId: "512",
      ms: 340,
      destinationId,
      leadId: "L1",
    };
    expect(testResultText(input)).toBe("Test lead delivered: HubSpot contact 512 created, 340 ms");
    const text = JSON.stringify(testResultBlocks(input));
    expect(text).toContain("HubSpot contact 512 created, 340 ms");
    expect(text).not.toContain("actions");
  });

  it("gives the reason, the fix and the three fix buttons on failure, the likely one primary", () => {
    const blocks = testResultBlocks({
      outcome: "error",
      cause: "credentials",
      reason: "Invalid API Key",
      ms: 80,
      destinationId,
      leadId: "L2",
    });
    const actions = blocks.find((b) => b.type === "actions") as { elements: { action_id: string; value: string; style?: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual([
      "destination_update_credentials",
      "destination_edit_mappings",
      "destination_retry",
    ]);
    expect(actions.elements.every((e) => e.value === destinationId)).toBe(true);
    expect(actions.elements.find((e) => e.style === "primary")?.action_id).toBe("destination_update_credentials");
    expect(JSON.stringify(blocks)).toContain("Re-enter your credentials");
  });

  it("points each typed cause at its fix", () => {
    expect(suggestedFix("credentials")).toBe("credentials");
    expect(suggestedFix("mappings")).toBe("mappings");
    expect(suggestedFix("network")).toBe("retry");
    expect(suggestedFix("destination_error")).toBe("retry");
    expect(suggestedFix(null)).toBe("retry");
  });

  it("chooses the primary button from the cause, never from the reason's wording", () => {
    const primary = (blocks: ReturnType<typeof testResultBlocks>) =>
      (blocks.find((b) => b.type === "actions") as { elements: { action_id: string; style?: string }[] }).elements.find(
        (e) => e.style === "primary",
      )?.action_id;
    // Reworded reasons that no pattern would recognise still offer the credentials fix…
    expect(
      primary(testResultBlocks({ outcome: "error", cause: "credentials", reason: "The destination refused our sign-in", destinationId })),
    ).toBe("destination_update_credentials");
    // …and a reason that merely mentions a token or a field does not.
    expect(
      primary(
        testResultBlocks({
          outcome: "error",
          cause: "destination_error",
          reason: "Server error: token bucket field overflow",
          destinationId,
        }),
      ),
    ).toBe("destination_retry");
    expect(primary(testResultBlocks({ outcome: "failure", cause: "mappings", reason: "Rejected: Company", destinationId }))).toBe(
      "destination_edit_mappings",
    );
  });

  it("escapes outside text", () => {
    const text = JSON.stringify(testResultBlocks({ outcome: "failure", reason: "<!channel> & <https://x|y>", destinationId }));
    expect(text).toContain("&lt;!channel&gt; &amp; &lt;https://x|y&gt;");
  });
});

describe("field mappings text", () => {
  it("round-trips and accepts the arrow forms", () => {
    expect(parseMappings(formatMappings(hubspot.defaultMappings))).toEqual({ ok: true, mappings: hubspot.defaultMappings });
    expect(parseMappings("firstname → {{lead.first_name}}\n\n# comment\nlastname -> {{lead.last_name}}")).toEqual({
      ok: true,
      mappings: [
        { to: "firstname", template: "{{lead.first_name}}" },
        { to: "lastname", template: "{{lead.last_name}}" },
      ],
    });
  });

  it("names the line that is wrong", () => {
    expect(parseMappings("email = {{lead.email}}\nfirst name = x")).toMatchObject({
      ok: false,
      message: expect.stringContaining("Line 2"),
    });
    expect(parseMappings("email = a\nemail = b")).toMatchObject({ ok: false, message: "email is mapped twice: keep one line for it" });
  });
});

describe("settings inputs from the integration's schema", () => {
  it("reads strings, enums with defaults and records", () => {
    expect(settingFields(webhook.settingsSchema)).toEqual([
      expect.objectContaining({ key: "url", label: "URL", kind: "text", optional: false }),
      expect.objectContaining({ key: "format", kind: "select", options: ["json", "form"], defaultValue: "json", optional: true }),
      expect.objectContaining({ key: "headers", kind: "lines", optional: true }),
    ]);
    expect(settingFields(hubspot.settingsSchema)).toEqual([expect.objectContaining({ key: "listId", label: "List ID", optional: true })]);
    expect(settingFields(salesforce.settingsSchema).map((s) => [s.key, s.defaultValue])).toEqual(
      expect.arrayContaining([["apiVersion", "v62.0"]]),
    );
    expect(humanise("externalIdField")).toBe("External ID field");
    expect(parseLines("X-Api: one\nAccept: json")).toEqual({ ok: true, value: { "X-Api": "one", Accept: "json" } });
  });
});

describe("destination modal", () => {
  it("never carries a credential value, and asks an OAuth method only for what the buyer types", () => {
    const view = destinationModal({
      integrations: listIntegrations(),
      integrationId: "salesforce",
      authMethodId: "oauth",
      values: { name: "SF" },
      privateMetadata: "{}",
    });
    const text = JSON.stringify(view);
    expect(text).toContain(credentialBlockId("salesforce", "oauth", "clientId"));
    expect(text).not.toContain(credentialBlockId("salesforce", "oauth", "refreshToken"));
    expect(text).toContain("Authorize in Salesforce");
    const oauth = salesforce.authMethods.find((m) => m.id === "oauth")!;
    expect(typedCredentialFields(oauth).map((f) => f.name)).toEqual(["clientId", "clientSecret"]);
    for (const block of view.blocks as { block_id?: string; element?: { initial_value?: string } }[]) {
      if (block.block_id?.startsWith("cred.")) expect(block.element?.initial_value).toBeUndefined();
    }
  });

  it("reads the submitted form and maps verify problems onto inputs", () => {
    const values = {
      integration: { destination_integration_select: { type: "static_select", selected_option: { value: "webhook" } } },
      name: { value: { type: "plain_text_input", value: "My hook" } },
      "setting.webhook.url": { value: { type: "plain_text_input", value: "https://example.com/hook" } },
      "setting.webhook.headers": { value: { type: "plain_text_input", value: "X-Key: abc" } },
      "cred.webhook.signing-secret.signingSecret": { value: { type: "plain_text_input", value: "whsec_abc" } },
    };
    const form = readDestinationForm(values, listIntegrations());
    expect(form).toMatchObject({
      ok: true,
      input: {
        integration: "webhook",
        name: "My hook",
        settings: { url: "https://example.com/hook", headers: { "X-Key": "abc" } },
        credentials: { signingSecret: "whsec_abc" },
      },
    });
    expect(JSON.stringify((form as { values: unknown }).values)).not.toContain("whsec_abc");
    expect(
      problemErrors(
        [
          { field: "settings.url", message: "Cannot reach example.com" },
          { field: "signingSecret", message: "bad" },
          { field: "destination", message: "down" },
        ],
        webhook,
        "signing-secret",
      ),
    ).toEqual({
      "setting.webhook.url": "Cannot reach example.com",
      "cred.webhook.signing-secret.signingSecret": "bad; down",
    });
  });
});

describe("a seller's name in the possessive", () => {
  it("takes only an apostrophe after an s, and 's otherwise; escaped, the name alone in bold", () => {
    expect(possessive("Acme Leads")).toBe("Acme Leads'");
    expect(possessive("ACME LEADS")).toBe("ACME LEADS'");
    expect(possessive("Acme Corp")).toBe("Acme Corp's");
    expect(possessive("Acme Leads", { bold: true })).toBe("*Acme Leads*'");
    expect(possessive("<!here> & Co")).toBe("&lt;!here&gt; &amp; Co's");
  });

  it("reads right in the messages a buyer sees", () => {
    const choice = accountChoiceMessage({ invitationId: "i1", sellerName: "Acme Leads", accounts: [{ id: "a1", name: "Buyer" }] });
    expect(choice.text).toBe("Which account accepts Acme Leads' invitation?");
    expect(JSON.stringify(choice.blocks)).toContain("receive *Acme Leads*' leads?");
    expect(JSON.stringify(choice)).not.toContain("Leads's");
    const next = destinationChoiceMessage({
      sellerName: "Acme Leads",
      accountId: "a1",
      flowId: null,
      integrations: listIntegrations(),
      existingDestinations: [],
    });
    expect(JSON.stringify(next)).toContain("Acme Leads' leads");
    expect(JSON.stringify(next)).not.toContain("Leads's");
  });
});

describe("small helpers", () => {
  it("suggests a company name from an email domain", () => {
    expect(companyNameFromDomain("acme-widgets.co.uk")).toBe("Acme Widgets");
    expect(companyNameFromDomain("mail.bigcorp.com")).toBe("Bigcorp");
  });

  it("parses the three kinds of Slack request bodies", () => {
    expect(parseSlackBody(JSON.stringify({ type: "event_callback" }), "application/json")).toEqual({ type: "event_callback" });
    expect(
      parseSlackBody(`payload=${encodeURIComponent(JSON.stringify({ type: "block_actions" }))}`, "application/x-www-form-urlencoded"),
    ).toEqual({ type: "block_actions" });
    expect(parseSlackBody("command=%2Fleadrelay&text=help", "application/x-www-form-urlencoded; charset=utf-8")).toEqual({
      command: "/leadrelay",
      text: "help",
    });
    expect(parseSlackBody("{", "application/json")).toBeNull();
  });
});
