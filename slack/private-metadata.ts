import { z } from "zod";

/**
 * What modals carry in `private_metadata` and buttons in `value` (both come back from Slack
 * inside signed requests, and are validated here like any other input). Never credentials,
 * never tokens: ids and the thread the conversation lives in.
 */
export const threadRefSchema = z.object({ teamId: z.string().min(1), channelId: z.string().min(1), threadTs: z.string().min(1) });
export type ThreadRef = z.infer<typeof threadRefSchema>;

export const companyModalMetadata = z.object({ invitationId: z.uuid(), thread: threadRefSchema });
export type CompanyModalMetadata = z.infer<typeof companyModalMetadata>;

export const destinationModalMetadata = z.object({ accountId: z.uuid(), flowId: z.uuid().nullable(), thread: threadRefSchema.nullable() });
export type DestinationModalMetadata = z.infer<typeof destinationModalMetadata>;

/** The test-lead, credentials and mappings modals: about one destination. */
export const destinationActionMetadata = z.object({ accountId: z.uuid(), destinationId: z.uuid(), thread: threadRefSchema.nullable() });
export type DestinationActionMetadata = z.infer<typeof destinationActionMetadata>;

/** "Create destination" buttons. */
export const createDestinationValue = z.object({ accountId: z.uuid(), flowId: z.uuid().nullable().default(null) });

/** Flow choice (paid) and "Request access" buttons. */
export const invitationAccountValue = z.object({ invitationId: z.uuid(), accountId: z.uuid() });

/**
 * The admin's "Add <name>" button: the stored request (a `requested` membership, or the person's
 * active one without lead access) is what counts; name and email are only for showing, and the
 * requester's thread is checked against the requester's own DM before anything is posted there.
 */
export const grantAccessValue = z.object({
  membershipId: z.uuid(),
  invitationId: z.uuid(),
  email: z.email(),
  name: z.string().max(200),
  requester: threadRefSchema.extend({ slackUserId: z.string().min(1) }),
});
export type GrantAccessValue = z.infer<typeof grantAccessValue>;

/** Parses a metadata or value string; null when it is not what we wrote. */
export function readJson<T extends z.ZodType>(schema: T, text: string | undefined | null): z.infer<T> | null {
  if (!text) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
