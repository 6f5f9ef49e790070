/** Email addresses are compared and stored lower-cased (invitations are bound case-insensitively). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The lower-cased domain of an address ("Ada@Acme.COM" → "acme.com"). */
export function emailDomainOf(email: string): string {
  const normalised = normaliseEmail(email);
  return normalised.slice(normalised.lastIndexOf("@") + 1);
}
