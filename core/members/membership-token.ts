/** Membership confirmation tokens: random bearer secrets (core/crypto/secret-token.ts) with this prefix, stored hashed. */
export const MEMBERSHIP_TOKEN_PREFIX = "lr_mem";

const TOKEN_PATTERN = /^lr_mem_[A-Za-z0-9_-]{20,100}$/;

export function looksLikeMembershipToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** The emailed "Join / Decline" link of a pending membership: a page that asks before anything changes. */
export function membershipConfirmUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, "")}/members/confirm/${token}`;
}
