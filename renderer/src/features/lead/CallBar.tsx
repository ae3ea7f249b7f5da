// Dialling: the number as a tel: link that starts the call timer, whether the lead may be called now,
// and the running call with its hang-up.
import { useEffect, useRef, useState } from 'react';
import { useKey } from '../../app/keys';
import { readablePhone } from '../../app/readable-phone';
import { useCallFlow, type RunningCall } from './call-flow';
import type { LeadCard } from './lead-store';

function elapsed(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

function CallTimer({ call }: { readonly call: RunningCall }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (call.endedAt !== null) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(timer);
  }, [call.endedAt]);
  const seconds = Math.max(0, Math.round(((call.endedAt ?? now) - call.startedAt) / 1000));
  return (
    <span className="lc-timer" role="timer" aria-label="Call duration">
      {elapsed(seconds)}
    </span>
  );
}

interface CallBarProps {
  readonly card: LeadCard;
  readonly now: number;
}

export function CallBar({ card }: CallBarProps) {
  const { lead, dial } = card;
  const call = useCallFlow((s) => s.call);
  const linkRef = useRef<HTMLAnchorElement>(null);
  const onThisLead = call !== null && call.leadId === lead.id ? call : null;
  const talking = onThisLead !== null && onThisLead.endedAt === null;
  const phone = readablePhone(lead.phone_e164);

  useKey(
    { key: 'c', description: 'Call the lead (starts the call timer)', group: 'Lead' },
    () => linkRef.current?.click(),
    dial.ok && !talking,
  );
  useKey(
    { key: 'e', description: 'End the call (stops the timer)', group: 'Lead' },
    () => useCallFlow.getState().endCall(),
    talking,
  );

  return (
    <div className={`lc-callbar${talking ? ' is-talking' : ''}`}>
      <div className="lc-dial">
        {dial.ok ? (
          <a
            ref={linkRef}
            className="lc-call"
            href={`tel:${lead.phone_e164}`}
            aria-label={`Call ${phone}`}
            aria-keyshortcuts="C"
            onClick={() => {
              if (!talking) useCallFlow.getState().startCall(lead.id);
            }}
          >
            <span className="lc-call-icon" aria-hidden="true">
              ✆
            </span>
            <span className="lc-call-number">{phone}</span>
            {!talking ? (
              <kbd className="lc-kbd lc-kbd-inverted" aria-hidden="true">
                C
              </kbd>
            ) : null}
          </a>
        ) : (
          <span className="lc-call is-blocked" aria-disabled="true">
            <span className="lc-call-icon" aria-hidden="true">
              ⊘
            </span>
            <span className="lc-call-number">{phone}</span>
          </span>
        )}
        {onThisLead !== null ? (
          <span className="lc-oncall">
            <span className="lc-oncall-dot" aria-hidden="true" />
            {talking ? 'On call' : 'Call ended'}
            <CallTimer call={onThisLead} />
            {talking ? (
              <button
                type="button"
                className="button button-quiet"
                aria-label="End call"
                aria-keyshortcuts="E"
                onClick={() => useCallFlow.getState().endCall()}
              >
                End call <kbd className="lc-kbd">E</kbd>
              </button>
            ) : (
              <span className="lc-faint">pick a disposition</span>
            )}
          </span>
        ) : null}
      </div>
      {!dial.ok ? (
        <p
          className={`lc-verdict ${dial.code === 'OUTSIDE_CALLING_WINDOW' ? 'is-warn' : 'is-danger'}`}
        >
          {dial.message}
        </p>
      ) : null}
    </div>
  );
}
