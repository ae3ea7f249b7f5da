/** The kinds of mail the Auth service sends, named as GoTrue's templates are. */
export type AuthMailKind = 'invite' | 'confirmation' | 'recovery' | 'magic_link' | 'email_change';

export interface AuthMailContent {
  kind: AuthMailKind;
  /** The verify link that signs the person in (GoTrue's {{ .ConfirmationURL }}). */
  link: string;
  /** The one-time code (GoTrue's {{ .Token }}). */
  code: string;
}

const SUBJECTS: Record<AuthMailKind, string> = {
  invite: 'You have been invited',
  confirmation: 'Confirm Your Signup',
  recovery: 'Reset Your Password',
  magic_link: 'Your Magic Link',
  email_change: 'Confirm Email Change',
};

const LEADS: Record<AuthMailKind, string> = {
  invite: 'You have been invited to TalentG Workstation. Follow this link to accept the invite:',
  confirmation: 'Follow this link to confirm your email address:',
  recovery: 'Follow this link to reset the password for your account:',
  magic_link: 'Follow this link to sign in:',
  email_change: 'Follow this link to confirm the update of your email address:',
};

/** A plain-text mail with the link and the code, the two things GoTrue's default templates carry. */
export function composeAuthMail(content: AuthMailContent): { subject: string; text: string } {
  return {
    subject: SUBJECTS[content.kind],
    text: `${LEADS[content.kind]}\n\n${content.link}\n\nOr enter this code: ${content.code}\n`,
  };
}
