// Verifying with an authenticator: the first time, enrol (QR code and the secret as text) and confirm
// with a code; afterwards, a challenge for the current code. Either raises the session to aal2.
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../src/contract/api-response';
import type { MfaEnrolment } from '../../../../src/contract/operations/mfa';
import { Dialog } from '../../ui/Dialog';
import { QrCode } from './QrCode';
import { usePeople } from './people-store';

interface MfaDialogProps {
  readonly open: boolean;
  readonly onClose: () => void;
}

/** The secret in groups of four, as authenticator apps show typed keys. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

export function MfaDialog({ open, onClose }: MfaDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      label="Verify with your authenticator"
      className="pv-dialog"
    >
      <MfaForm onClose={onClose} />
    </Dialog>
  );
}

/** Mounted each time the dialog opens: a fresh enrolment (the first time) and an empty code. */
function MfaForm({ onClose }: { readonly onClose: () => void }) {
  // Read once: verifying sets the factor, which must not turn the enrolment into a challenge mid-way.
  const [factorId] = useState(() => usePeople.getState().mfa?.factor_id ?? null);
  const [enrolment, setEnrolment] = useState<MfaEnrolment | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const enrolling = factorId === null;

  useEffect(() => {
    if (!enrolling) return;
    let current = true;
    void usePeople
      .getState()
      .enroll()
      .then((answer) => {
        if (!current) return;
        if ('factor_id' in answer) setEnrolment(answer);
        else setError(answer);
      });
    return () => {
      current = false;
    };
  }, [enrolling]);

  const target = enrolling ? (enrolment?.factor_id ?? null) : factorId;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (target === null) return;
    setBusy(true);
    const refused = await usePeople.getState().verify(target, code.replace(/\s/g, ''));
    setBusy(false);
    if (refused === null) {
      onClose();
      return;
    }
    setError(refused);
    setCode('');
  };

  return (
    <form className="dialog-form" onSubmit={(event) => void submit(event)}>
      <h2 className="dialog-title">
        {enrolling ? 'Set up your authenticator' : 'Verify with your authenticator'}
      </h2>
      {enrolling ? (
        <>
          <p className="dialog-lede">
            Scan this code with an authenticator app (Google Authenticator, 1Password, Authy), or
            type the key into it. Then enter the six-digit code it shows.
          </p>
          {enrolment !== null ? (
            <div className="pv-enrol">
              <QrCode text={enrolment.uri} label="QR code for your authenticator app" />
              <div className="pv-secret">
                <span className="pv-secret-label" id="pv-secret-label">
                  Key
                </span>
                <code aria-labelledby="pv-secret-label" data-totp-secret={enrolment.secret}>
                  {grouped(enrolment.secret)}
                </code>
              </div>
            </div>
          ) : (
            error === null && <p className="dialog-lede">Preparing…</p>
          )}
        </>
      ) : (
        <p className="dialog-lede">
          Changing people needs a second factor. Enter the six-digit code your authenticator app
          shows now.
        </p>
      )}
      <label className="dialog-field">
        <span>Authentication code</span>
        <input
          className="input pv-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]{6,7}"
          maxLength={7}
          required
          autoFocus
          value={code}
          onChange={(event) => {
            setCode(event.target.value);
            setError(null);
          }}
        />
      </label>
      {error !== null && (
        <p className="pv-refusal" role="alert">
          {error.message}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy || target === null}>
          {busy ? 'Verifying…' : 'Verify'}
        </button>
      </div>
    </form>
  );
}
