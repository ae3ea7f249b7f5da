// What the assessments screens say when the server refused or could not be reached.
import type { ApiError } from '../../../../src/contract/api-response';

/** Refusals whose server wording is not what the person needs to read here. */
const PLAIN_WORDS: Readonly<Record<string, { title: string; body: string }>> = {
  ASSESSMENT_LOCKED: {
    title: 'This assessment is paid',
    body: 'Buy it with the Buy button beside it (or ask an admin to unlock it), then start it. Once the payment arrives it unlocks here by itself.',
  },
  ALREADY_UNLOCKED: {
    title: 'Already unlocked',
    body: 'You have bought this assessment already: start it from the list.',
  },
  PAYMENT_PROVIDER_ERROR: {
    title: 'The payment page could not be opened',
    body: 'The payment provider did not answer. Nothing was charged; try again in a minute.',
  },
};

/** OFFLINE is a state of the network, not a fault: said calmly, with what still works. */
export function ServerNeeded({
  error,
  onRetry,
}: {
  readonly error: ApiError;
  readonly onRetry?: () => void;
}) {
  const offline = error.code === 'OFFLINE';
  const plain = PLAIN_WORDS[error.code];
  return (
    <div
      className={offline ? 'as-note as-note-calm' : 'as-note as-note-error'}
      role={offline ? 'status' : 'alert'}
    >
      <p className="as-note-title">
        {offline ? 'Assessments need the server' : (plain?.title ?? 'That did not work')}
      </p>
      <p className="as-note-body">
        {offline
          ? 'This machine is offline right now. Calls and notes keep working; assessments are scored by the server, so they wait until the connection is back. Anything you answered stays here.'
          : (plain?.body ?? error.message)}
      </p>
      {onRetry !== undefined ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
