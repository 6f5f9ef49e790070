import providerDomains from "email-providers/all.json" with { type: "json" };

/**
 * Mailbox providers anyone can sign up with. Such a domain says nothing about a person's company,
 * so it is never an account's `email_domain` and never routes a person to an existing account.
 *
 * The list is the `email-providers` package (about 8,700 domains, released monthly). It misses a
 * few privacy-minded providers that the hand-written list this replaced had, so those stay here.
 */
const MISSING_FROM_PACKAGE = [
  "fastmail.com",
  "tutanota.com",
  "tutanota.de",
  "tuta.io",
  "tuta.com",
  "duck.com",
  "zohomail.com",
  "passport.com",
  "skiff.com",
];

const FREE_EMAIL_DOMAINS: ReadonlySet<string> = new Set([...providerDomains, ...MISSING_FROM_PACKAGE]);

/** Providers with a domain per country (yahoo.co.uk, hotmail.fr, outlook.de, gmx.at …), listed or not. */
const FREE_EMAIL_BRANDS =
  /^(gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|aol|gmx|yandex|icloud|protonmail|zoho|mail)\.[a-z]{2,3}(\.[a-z]{2})?$/;

export function isFreeEmailDomain(domain: string): boolean {
  const normalised = domain.trim().toLowerCase().replace(/\.$/, "");
  return FREE_EMAIL_DOMAINS.has(normalised) || FREE_EMAIL_BRANDS.test(normalised);
}
