import { describe, expect, it } from "vitest";
import { burstHeadline, deliveryBurstAlertBlocks } from "../../slack/blocks/delivery-burst-alert.ts";
import { destinationHealthAlertBlocks } from "../../slack/blocks/destination-health-alert.ts";
import { slackDate } from "../../slack/blocks/mrkdwn.ts";
import { clipSlackText, escapeSlackText, plainText, slack } from "../../slack/blocks/slack-text.ts";
import { isCredentialProblem } from "../../core/alerts/credential-problem.ts";

describe("Slack text escaping", () => {
  it("escapes Slack's control characters and defuses mentions", () => {
    expect(escapeSlackText("<!channel> & <https://evil|click> <@U123>")).toBe(
      "&lt;!channel&gt; &amp; &lt;https://evil|click&gt; &lt;@U123&gt;",
    );
    expect(escapeSlackText("hi @channel, @here and @Everyone")).not.toMatch(/@(channel|here|everyone)/i);
    expect(escapeSlackText("&lt;!channel&gt;")).toBe("&amp;lt;!channel&amp;gt;");
    expect(escapeSlackText("grace@example.com")).toBe("grace@example.com");
    expect(escapeSlackText("ann@channel.io, bob@here.example")).toBe("ann@channel.io, bob@here.example");
    expect(escapeSlackText("(@here) x:@everyone")).toBe("(@\u200Bhere) x:@\u200Beveryone");
  });

  it("puts outside values in plain_text, escaped, then cut to the limit without splitting an entity", () => {
    const text = plainText("<".repeat(600), 10);
    expect(text).toEqual({ type: "plain_text", text: "&lt;&lt;…", emoji: false });
    for (let max = 2; max < 40; max += 1) {
      const cut = plainText("a&b<c>d @here e".repeat(3), max).text;
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/&(a|am|l|g)?…$/);
    }
  });

  it("cuts escaped text outside entities, our <…> tokens and surrogate pairs", () => {
    const dated = slack`${escapeSlackText("x".repeat(8))} ${slackDate(new Date("2026-01-01T00:00:00Z"))} after`;
    expect(clipSlackText(dated, 20)).toBe("xxxxxxxx …");
    expect(clipSlackText(escapeSlackText("ab&cd"), 5)).toBe("ab…");
    expect(clipSlackText(escapeSlackText("a😀bcdef"), 3)).toBe("a…");
  });
});

describe("alert messages", () => {
  const base = {
    accountName: "Buyer <Co>",
    destinationId: "d1",
    destinationName: "Hook <!here>",
    latestLead: null,
    offerCredentials: false,
  };

  it("says how many leads failed in the window and why", () => {
    expect(burstHeadline({ kind: "failure", count: 12, windowMs: 300_000, reason: "Invalid API Key", destinationName: "x" })).toBe(
      "12 leads failed in the last 5 min: Invalid API Key.",
    );
    expect(burstHeadline({ kind: "failure", count: 1, windowMs: 300_000, reason: "Duplicate.", destinationName: "x" })).toBe(
      "1 lead failed: Duplicate.",
    );
    expect(burstHeadline({ kind: "success", count: 3, windowMs: 60_000, reason: null, destinationName: "<CRM>" })).toBe(
      "3 leads delivered to &lt;CRM&gt; in the last 1 min.",
    );
  });

  it("offers [Update credentials] only when the credentials are the likely fix", () => {
    const withButton = deliveryBurstAlertBlocks({
      ...base,
      kind: "failure",
      count: 2,
      windowMs: 300_000,
      reason: "Invalid API Key",
      offerCredentials: isCredentialProblem("credentials"),
    });
    expect(JSON.stringify(withButton.blocks)).toContain(
      '"action_id":"destination_update_credentials","text":{"type":"plain_text","text":"Update credentials","emoji":false},"style":"primary","value":"d1"',
    );
    expect(isCredentialProblem("mappings")).toBe(false);
    expect(isCredentialProblem("destination_error")).toBe(false);
    expect(isCredentialProblem(null)).toBe(false);
    const health = destinationHealthAlertBlocks({ ...base, health: "unhealthy", reason: "Server error (HTTP 503)", fix: null });
    expect(health.text).toBe(
      "Destination Hook &lt;!here&gt; is unhealthy: Server error (HTTP 503). Its deliveries are waiting and resume once it is fixed.",
    );
    expect(JSON.stringify(health.blocks)).not.toContain("actions");
    expect(JSON.stringify(health.blocks)).not.toContain("<!here>");
  });
});
