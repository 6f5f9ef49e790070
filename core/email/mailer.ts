/** An email leadrelay sends (invitations). */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends email; resolves once the server accepted the message. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}
