// The rest of what is known about the lead, compact: how to reach them other than by phone, and where from.
import { formatOnLeadClock, relativeTime } from '../../app/lead-clock';
import type { LeadCard } from './lead-store';

const CONSENT_TEXT = {
  unknown: 'Not recorded',
  granted: 'Granted',
  withdrawn: 'Withdrawn',
} as const;

export function LeadDetails({ card, now }: { readonly card: LeadCard; readonly now: number }) {
  const { lead } = card;
  const lastContact = lead.last_contact_at === null ? null : Date.parse(lead.last_contact_at);
  const rows: [string, React.ReactNode][] = [
    [
      'Email',
      lead.email === null ? (
        '—'
      ) : (
        <a className="lc-email" href={`mailto:${lead.email}`}>
          {lead.email}
        </a>
      ),
    ],
    ['Phone as given', lead.phone ?? '—'],
    ['Time zone', lead.time_zone ?? 'Unknown: set it before calling'],
    ['Country', lead.country ?? '—'],
    ['Source', lead.source ?? '—'],
    ['Consent', CONSENT_TEXT[lead.consent]],
    [
      'Last contact',
      lastContact === null
        ? 'Never'
        : `${relativeTime(lastContact, now)} · ${formatOnLeadClock(lastContact, null)}`,
    ],
    ['Added', formatOnLeadClock(Date.parse(lead.created_at), null)],
  ];
  return (
    <section className="lc-details" aria-label="Details">
      <h3 className="lc-section-title">Details</h3>
      <dl className="lc-dl">
        {rows.map(([term, value]) => (
          <div key={term} className="lc-dl-row">
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
