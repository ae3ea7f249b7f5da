// One-key dispositions from the server's catalogue: pressing one logs the call at once with the notes
// typed so far, then moves on. A callback code first asks when (inline, on the lead's clock).
import type { WireDisposition } from '../../../../src/contract/records';
import { useCallingHoursView } from '../../app/calling-hours';
import { useKey } from '../../app/keys';
import { useCallFlow } from './call-flow';
import { CallbackPicker } from './CallbackPicker';
import { dispositionKeys } from './disposition-keys';
import { useLead, type LeadCard } from './lead-store';

/** Keys the card uses itself; a catalogue hotkey on one of them is shown but not bound. */
const CARD_KEYS = new Set(['C', 'E', 'N', 'M', 'B', 'J', 'K']);

function toneOf(disposition: WireDisposition): string {
  if (disposition.sale) return 'sale';
  if (disposition.dnc) return 'dnc';
  if (disposition.callback) return 'callback';
  if (disposition.final) return 'final';
  if (disposition.human_contact) return 'contact';
  return 'retry';
}

function DispositionKey({
  disposition,
  hotkey,
  enabled,
}: {
  readonly disposition: WireDisposition;
  readonly hotkey: string;
  readonly enabled: boolean;
}) {
  useKey(
    {
      key: hotkey.toLowerCase(),
      description: `Log ${disposition.code} · ${disposition.label}`,
      group: 'Dispositions (with Ctrl while typing notes)',
    },
    () => void useLead.getState().dispose(disposition.code),
    enabled,
  );
  return null;
}

interface DispositionPadProps {
  readonly card: LeadCard;
  readonly now: number;
}

export function DispositionPad({ card, now }: DispositionPadProps) {
  const dispositions = useLead((s) => s.dispositions);
  const picker = useLead((s) => s.picker);
  const hours = useCallingHoursView();
  const wrapUp = useCallFlow((s) => s.wrapUp);
  const keys = dispositionKeys(dispositions);
  const leadId = card.lead.id;
  // Between a logged call and the next lead, a second press must not log the call twice.
  const settling = wrapUp !== null && wrapUp.leadId === leadId && wrapUp.looking;
  const blockedByPicker = picker !== null;

  useKey(
    { key: 'b', description: 'Schedule a callback on the lead’s clock', group: 'Lead' },
    () => useLead.getState().openPicker({ kind: 'schedule' }),
    !blockedByPicker,
  );

  return (
    <div className="lc-dispositions">
      <div className="lc-section-head">
        <h3 className="lc-section-title">Disposition</h3>
        <button
          type="button"
          className="button button-quiet"
          aria-keyshortcuts="B"
          onClick={() => useLead.getState().openPicker({ kind: 'schedule' })}
        >
          Schedule callback <kbd className="lc-kbd">B</kbd>
        </button>
      </div>
      {picker !== null ? (
        <CallbackPicker
          key={picker.kind}
          card={card}
          purpose={picker}
          now={now}
          hours={hours.window}
        />
      ) : null}
      <div className="lc-pad" role="group" aria-label="Dispositions">
        {dispositions.map((disposition) => {
          const hotkey = keys.get(disposition.code);
          const name =
            hotkey === undefined
              ? `${disposition.code} · ${disposition.label}`
              : `${disposition.code} · ${disposition.label} (${hotkey})`;
          const bound = hotkey !== undefined && !CARD_KEYS.has(hotkey);
          return (
            <button
              key={disposition.code}
              type="button"
              className={`lc-dispo lc-dispo-${toneOf(disposition)}`}
              data-disposition={disposition.code}
              aria-label={name}
              aria-keyshortcuts={hotkey}
              title={disposition.description === '' ? disposition.label : disposition.description}
              disabled={settling}
              onClick={() => void useLead.getState().dispose(disposition.code)}
            >
              <kbd className="lc-dispo-key" aria-hidden="true">
                {hotkey ?? ''}
              </kbd>
              <span className="lc-dispo-code" aria-hidden="true">
                {disposition.code}
              </span>
              <span className="lc-dispo-label" aria-hidden="true">
                {disposition.label}
              </span>
              {bound ? (
                <DispositionKey
                  disposition={disposition}
                  hotkey={hotkey}
                  enabled={!settling && !blockedByPicker}
                />
              ) : null}
            </button>
          );
        })}
      </div>
    </div>
  );
}
