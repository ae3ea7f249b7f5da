import type { RunningStack } from '../../../src/local-supabase/stack.js';

export interface CapturedMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

/** The stack's captured mail for one address, newest first, read through its mailbox API as a person's tools would. */
export async function mailTo(
  stack: Pick<RunningStack, 'url'>,
  email: string,
): Promise<CapturedMail[]> {
  const response = await fetch(`${stack.url}/mailbox/api/messages?to=${encodeURIComponent(email)}`);
  if (!response.ok) throw new Error(`mailbox answered ${response.status}`);
  return ((await response.json()) as { messages: CapturedMail[] }).messages;
}

/** The newest mail to `email`, with the verify link and the one-time code it carries. */
export async function latestMail(
  stack: Pick<RunningStack, 'url'>,
  email: string,
): Promise<CapturedMail & { link: string; code: string }> {
  const [mail] = await mailTo(stack, email);
  if (!mail) throw new Error(`no mail to ${email}`);
  const link = /https?:\/\/\S+\/auth\/v1\/verify\?\S+/.exec(mail.text)?.[0];
  const code = /code: (\d+)/.exec(mail.text)?.[1];
  if (!link || !code) throw new Error(`mail to ${email} has no link or code:\n${mail.text}`);
  return { ...mail, link, code };
}

/** The fields GoTrue puts in the URL fragment of a verify redirect. */
export function fragmentOf(location: string | null): Record<string, string> {
  const hash = location?.split('#')[1] ?? '';
  return Object.fromEntries(new URLSearchParams(hash));
}
