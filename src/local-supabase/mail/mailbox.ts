import { randomUUID } from 'node:crypto';

export interface MailMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  /** ISO time the stack "sent" it. */
  sentAt: string;
}

/** Inbucket's memory store keeps a bounded history per server; so does this one, across all addresses. */
const KEEP_MESSAGES = 1000;

/**
 * The stack's captured outgoing mail, as `supabase start` captures it in Inbucket/Mailpit. Kept in memory:
 * it is a development inbox, nothing in the project's database should hold it (a `db dump` would carry
 * login links), and a restarted stack's old links are still checkable in auth.users, not here.
 */
export class Mailbox {
  private readonly messages: MailMessage[] = [];

  deliver(mail: Omit<MailMessage, 'id' | 'sentAt'>): MailMessage {
    const message: MailMessage = {
      ...mail,
      to: mail.to.toLowerCase(),
      id: randomUUID(),
      sentAt: new Date().toISOString(),
    };
    this.messages.push(message);
    if (this.messages.length > KEEP_MESSAGES) this.messages.shift();
    return message;
  }

  /** Newest first; `to` matches the address case-insensitively. */
  list(to?: string): MailMessage[] {
    const wanted = to?.toLowerCase();
    return this.messages.filter((message) => !wanted || message.to === wanted).reverse();
  }
}
