import nodemailer from "nodemailer";
import type { Mailer, OutgoingEmail } from "./mailer.ts";

/**
 * Sends through the SMTP server at `SMTP_URL` (smtp://user:pass@host:587, smtps://… for TLS from
 * the start; STARTTLS is used when the server offers it). One connection per message: invitations
 * are rare, so there is no pool to close.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  return {
    async send(email: OutgoingEmail) {
      await transport.sendMail({ from, to: email.to, subject: email.subject, text: email.text, html: email.html });
    },
  };
}
