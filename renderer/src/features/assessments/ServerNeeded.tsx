// What the assessments screens say when the server refused or could not be reached.
import type { ApiError } from '../../../../src/contract/api-response';

/** OFFLINE is a state of the network, not a fault: said calmly, with what still works. */
export function ServerNeeded({
  error,
  onRetry,
}: {
  readonly error: ApiError;
  readonly onRetry?: () => void;
}) {
  const offline = error.code === 'OFFLINE';
  return (
    <div
      className={offline ? 'as-note as-note-calm' : 'as-note as-note-error'}
      role={offline ? 'status' : 'alert'}
    >
      <p className="as-note-title">
        {offline ? 'Assessments need the server' : 'That did not work'}
      </p>
      <p className="as-note-body">
        {offline
          ? 'This machine is offline right now. Calls and notes keep working; assessments are scored by the server, so they wait until the connection is back. Anything you answered stays here.'
          : error.message}
      </p>
      {onRetry !== undefined ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
