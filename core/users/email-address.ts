/** Email addresses are compared and stored lower-cased (invitations are bound case-insensitively). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The lower-cased domain of an address ("Ada@Acme.COM" → "acme.com"). */
export function emailDomainOf(email: string): string {
  const normalised = normaliseEmail(email);
  return normalised.slice(normalised.lastIndexOf("@") + 1);
}

/**
 * An address as shown to someone who must recognise it but need not learn it: the first
 * character of the local part and the domain ("sales@buyer.example" → "s…@buyer.example").
 */
export function maskEmail(email: string): string {
  const normalised = normaliseEmail(email);
  const at = normalised.lastIndexOf("@");
  if (at < 1) return "…";
  return `${normalised.slice(0, 1)}…${normalised.slice(at)}`;
}
