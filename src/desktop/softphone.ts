// Click-to-call: a tel: link in the window goes to the OS's handler for tel: (a softphone, a paired
// phone), and only a number that is a real, valid phone number, written the one E.164 way.
import { normalisePhone, type PhoneErrorCode } from '../domain/phone';
import { failure, type Failure } from '../domain/failure';
import { externalUrlToOpen } from '../security/navigation';

export type OpenExternal = (url: string) => Promise<void>;

export type DialRefusal = Failure<'INVALID_REQUEST' | PhoneErrorCode>;

/** Hands `link` to the softphone; answers the refusal when it is not a tel: link to a valid number. */
export function dialThroughSoftphone(
  link: unknown,
  openExternal: OpenExternal,
): DialRefusal | null {
  const external = externalUrlToOpen(link);
  if (external === null || !external.startsWith('tel:')) {
    return failure('INVALID_REQUEST', 'Only a tel: link with a phone number is dialled.');
  }
  const phone = normalisePhone(external.slice('tel:'.length));
  if (!phone.ok) return phone;
  void openExternal(`tel:${phone.e164}`).catch((error: unknown) =>
    console.warn('[talentg] the OS has no handler for tel: links', error),
  );
  return null;
}
