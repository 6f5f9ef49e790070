-- A pending invitation keeps its token sealed (AES-256-GCM, core/crypto/secret-box.ts) so that
-- re-inviting the same email can hand the seller the same link again. The column is cleared
-- once the invitation is accepted or revoked; only token_hash is used to look a token up.
ALTER TABLE "invitations" ADD COLUMN "token_sealed" TEXT;
