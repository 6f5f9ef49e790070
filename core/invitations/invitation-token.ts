/** Invitation tokens: random bearer secrets (core/crypto/secret-token.ts) with this prefix, stored hashed. */
export const INVITATION_TOKEN_PREFIX = "lr_inv";

const TOKEN_PATTERN = /^lr_inv_[A-Za-z0-9_-]{20,100}$/;

export function looksLikeInvitationToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** The "Accept invite to connect" link: the invitation's landing page. */
export function invitationUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, "")}/invitations/${token}`;
}
