/**
 * Mailbox providers anyone can sign up with. Such a domain says nothing about a person's company,
 * so it is never an account's `email_domain` and never routes a person to an existing account.
 */
const FREE_EMAIL_DOMAINS = new Set([
  "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "passport.com",
  "yahoo.com", "ymail.com", "rocketmail.com", "aol.com", "aim.com", "icloud.com", "me.com", "mac.com",
  "proton.me", "protonmail.com", "protonmail.ch", "pm.me", "gmx.com", "gmx.net", "gmx.de", "web.de",
  "mail.com", "email.com", "zoho.com", "zohomail.com", "yandex.com", "yandex.ru", "ya.ru", "mail.ru",
  "inbox.ru", "list.ru", "bk.ru", "qq.com", "163.com", "126.com", "yeah.net", "sina.com", "fastmail.com",
  "fastmail.fm", "hey.com", "tutanota.com", "tutanota.de", "tuta.io", "tuta.com", "hushmail.com",
  "comcast.net", "att.net", "verizon.net", "sbcglobal.net", "bellsouth.net", "cox.net", "charter.net",
  "earthlink.net", "optonline.net", "frontier.com", "windstream.net", "btinternet.com", "sky.com",
  "virginmedia.com", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "t-online.de",
  "freenet.de", "libero.it", "virgilio.it", "rediffmail.com", "naver.com", "hanmail.net", "daum.net",
  "inbox.com", "lycos.com", "mailinator.com", "duck.com", "skiff.com", "seznam.cz", "wp.pl", "o2.pl",
  "interia.pl", "uol.com.br", "bol.com.br", "terra.com.br",
]);

/** Providers with a domain per country (yahoo.co.uk, hotmail.fr, outlook.de, gmx.at …). */
const FREE_EMAIL_BRANDS = /^(gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|aol|gmx|yandex|icloud|protonmail|zoho|mail)\.[a-z]{2,3}(\.[a-z]{2})?$/;

export function isFreeEmailDomain(domain: string): boolean {
  const normalised = domain.trim().toLowerCase();
  return FREE_EMAIL_DOMAINS.has(normalised) || FREE_EMAIL_BRANDS.test(normalised);
}
