// The last look before leads move: who gets how many, as the server will share them.
import type { ApiError } from '../../../../src/contract/api-response';
import { Dialog } from '../../ui/Dialog';
import type { DistributionMode } from './distribution-plan';
import type { PlannedShare } from './distribution-store';

export function ConfirmDistribution({
  open,
  plan,
  mode,
  distributing,
  error,
  onConfirm,
  onClose,
}: {
  readonly open: boolean;
  readonly plan: readonly PlannedShare[];
  readonly mode: DistributionMode;
  readonly distributing: boolean;
  readonly error: ApiError | null;
  readonly onConfirm: () => void;
  readonly onClose: () => void;
}) {
  const total = plan.reduce((sum, share) => sum + share.count, 0);
  return (
    <Dialog open={open} onClose={onClose} label="Confirm the distribution">
      <div className="dialog-body">
        <h3 className="dialog-title ds-dialog-title">
          Distribute {total.toLocaleString()} lead{total === 1 ? '' : 's'} ({mode})
        </h3>
        <table className="ds-plan" aria-label="Planned shares">
          <thead>
            <tr>
              <th scope="col">Telecaller</th>
              <th scope="col">Holds now</th>
              <th scope="col">Gets</th>
            </tr>
          </thead>
          <tbody>
            {plan.map((share) => (
              <tr key={share.id} data-email={share.email}>
                <td>{share.email}</td>
                <td className="ds-num">{share.openLeads.toLocaleString()}</td>
                <td className="ds-num ds-gets">{share.count.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="ds-faint ds-dialog-note">
          One server transaction: each lead's history and the audit log are written, and the
          telecallers' queues change live.
        </p>
        {error !== null ? (
          <p className="ds-error" role="alert">
            <span className="ds-error-code">{error.code}</span> {error.message}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={distributing}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={onConfirm}
            disabled={distributing || total === 0}
          >
            {distributing ? 'Distributing…' : 'Distribute'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
