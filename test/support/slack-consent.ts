import type { Page } from "playwright-core";

/**
 * Plays Slack's OAuth consent page inside a Chromium page: every request to slack.com is answered
 * with the redirect Slack sends after "Allow" (a code and the state, back to our
 * /slack/oauth_redirect). `consentUrl()` is the URL the browser asked Slack for, once it has.
 */
export async function grantSlackConsent(page: Page, serviceUrl: string): Promise<{ consentUrl: () => URL | null }> {
  let consent: URL | null = null;
  await page.route("https://slack.com/**", async (route) => {
    consent = new URL(route.request().url());
    await route.fulfill({
      status: 302,
      headers: {
        location: `${serviceUrl}/slack/oauth_redirect?code=granted&state=${encodeURIComponent(consent.searchParams.get("state")!)}`,
      },
    });
  });
  return { consentUrl: () => consent };
}
