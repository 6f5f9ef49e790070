import { describe, expect, it } from "vitest";
import { isFreeEmailDomain } from "../../core/accounts/free-email-domains.ts";

/** Which domains count as free mailboxes (never an account's company domain). */
describe("isFreeEmailDomain", () => {
  it("knows the big providers, whatever the case or a trailing dot", () => {
    for (const domain of ["gmail.com", "GMail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "gmail.com."]) {
      expect(isFreeEmailDomain(domain), domain).toBe(true);
    }
  });

  it("knows providers only the maintained list has (none of them was in the hand-written list)", () => {
    for (const domain of ["mailbox.org", "runbox.com", "arcor.de", "abv.bg", "rambler.ru"])
      expect(isFreeEmailDomain(domain), domain).toBe(true);
  });

  it("keeps the providers the package misses, and country variants of the big brands", () => {
    for (const domain of ["fastmail.com", "tuta.io", "duck.com", "hotmail.co.uk", "gmx.ch", "yandex.com.tr"])
      expect(isFreeEmailDomain(domain), domain).toBe(true);
  });

  it("does not take company domains (or a provider's name inside one) for free mail", () => {
    for (const domain of ["acme.com", "buyerco.io", "gmail.com.evil.example", "mygmail.company", "salesforce.com", "hubspot.com"]) {
      expect(isFreeEmailDomain(domain), domain).toBe(false);
    }
  });
});
