// Who the lead is, where they stand, and what time it is for them.
import { canMoveStatus, type StatusActor } from '../../../../src/domain/dispositions';
import { LEAD_STATUSES } from '../../../../src/domain/lead';
import { useCallingHoursView } from '../../app/calling-hours';
import { leadClock } from '../../app/lead-clock';
import { userOf, useSession } from '../../app/session';
import type { LeadCard } from './lead-store';
import { StatusMenu } from './StatusMenu';
import { WindowDot } from '../../ui/WindowDot';

function actorOf(role: string | undefined): StatusActor {
  return role === 'admin' || role === 'manager' ? role : 'telecaller';
}

interface LeadHeaderProps {
  readonly card: LeadCard;
  readonly now: number;
}

export function LeadHeader({ card, now }: LeadHeaderProps) {
  const { lead } = card;
  const role = useSession((s) => userOf(s.session)?.role);
  const clock = leadClock(now, lead.time_zone, useCallingHoursView().window);
  const actor = actorOf(role);
  const moves = LEAD_STATUSES.filter(
    (status) => status === lead.status || canMoveStatus(lead.status, status, actor),
  );

  return (
    <header className="lc-header">
      <div className="lc-identity">
        <h2 className="lc-name">{lead.name}</h2>
        <p className="lc-sub">
          {lead.company !== null ? <span>{lead.company}</span> : null}
          {lead.source !== null ? <span className="lc-faint">via {lead.source}</span> : null}
          <span className="lc-faint">
            {lead.attempts} attempt{lead.attempts === 1 ? '' : 's'}
          </span>
          {lead.priority > 0 ? <span className="lc-faint">priority {lead.priority}</span> : null}
        </p>
      </div>
      <div className="lc-header-side">
        <div
          className={`lc-clock lc-window-${clock.window}`}
          title={`${lead.time_zone ?? 'No time zone'}: ${clock.windowText}`}
        >
          <span className="lc-clock-line">
            <WindowDot window={clock.window} />
            <span className="lc-clock-time">
              {clock.otherDay ? `${clock.weekday} ` : ''}
              {clock.time}
            </span>
            <span className="lc-clock-place">{clock.place}</span>
          </span>
          <span className="lc-clock-window">{clock.windowText}</span>
        </div>
        <div className="lc-badges">
          {lead.do_not_call ? <span className="lc-badge lc-badge-danger">Do not call</span> : null}
          {lead.consent === 'withdrawn' ? (
            <span className="lc-badge lc-badge-danger">Consent withdrawn</span>
          ) : null}
          {lead.pending_writes > 0 ? (
            <span
              className="lc-badge lc-badge-pending"
              title="Saved on this machine; the server has not confirmed it yet"
            >
              ↑ {lead.pending_writes} pending sync
            </span>
          ) : null}
          <StatusMenu status={lead.status} moves={moves} />
        </div>
      </div>
    </header>
  );
}
