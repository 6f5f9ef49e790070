/**
 * A browser for the Salesforce OAuth round trip: it keeps the cookies our service sets (a cookie
 * jar per browser) and sends them back, and does not follow redirects on its own. Links to our
 * service are rebased on `serviceUrl` (PUBLIC_URL in tests may name another host or port).
 */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly serviceUrl: string) {}

  /** The cookies this browser holds, as a Cookie header. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** GET on our service (cookies sent and stored) or elsewhere (no cookies). */
  async visit(url: string | URL): Promise<Response> {
    const target = new URL(url);
    if (target.pathname.startsWith("/oauth/salesforce/")) {
      const ours = new URL(`${target.pathname}${target.search}`, this.serviceUrl);
      const res = await fetch(ours, { redirect: "manual", headers: this.cookies.size ? { cookie: this.cookieHeader() } : {} });
      for (const header of res.headers.getSetCookie()) {
        const [pair] = header.split(";");
        const eq = pair!.indexOf("=");
        this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
      }
      return res;
    }
    return fetch(target, { redirect: "manual" });
  }

  /**
   * Opens an "Authorize in Salesforce" link: our start page, then Salesforce (a fake that
   * approves at once), whose redirect is returned unvisited so a test can decide who visits it.
   */
  async approve(startUrl: string): Promise<{ start: Response; salesforceUrl: URL; callbackUrl: URL }> {
    const start = await this.visit(startUrl);
    if (start.status !== 302) throw new Error(`start page answered ${start.status}: ${await start.text()}`);
    const salesforceUrl = new URL(start.headers.get("location")!);
    const approval = await this.visit(salesforceUrl);
    return { start, salesforceUrl, callbackUrl: new URL(approval.headers.get("location")!) };
  }

  /** The whole round trip: start, approve, come back to our callback; the callback page. */
  async authorize(startUrl: string): Promise<{ status: number; text: string }> {
    const { callbackUrl } = await this.approve(startUrl);
    const page = await this.visit(callbackUrl);
    return { status: page.status, text: await page.text() };
  }
}
