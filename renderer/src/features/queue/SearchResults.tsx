// Leads found by the cache's full-text search, in place of the queue while a search is typed.
import { useEffect } from 'react';
import { useWorkspace } from '../../app/workspace';
import { LeadRow } from './QueueRow';
import { SEARCH_LIMIT, useSearch } from './search-store';

interface SearchResultsProps {
  readonly now: number;
  readonly openLeadId: string | null;
}

export function SearchResults({ now, openLeadId }: SearchResultsProps) {
  const results = useSearch((s) => s.results);
  const truncated = useSearch((s) => s.truncated);
  const answered = useSearch((s) => s.answered);
  const query = useSearch((s) => s.query);
  const selected = useSearch((s) => s.selected);
  const error = useSearch((s) => s.error);
  const openLead = useWorkspace((s) => s.openLead);

  useEffect(() => {
    const lead = results[selected];
    if (lead === undefined) return;
    document.getElementById(`q-row-${lead.id}`)?.scrollIntoView({ block: 'nearest' });
  }, [results, selected]);

  const onOpen = (leadId: string, index: number): void => {
    useSearch.getState().select(index);
    openLead(leadId);
  };

  if (error !== null) {
    return (
      <p className="q-error" role="alert">
        {error.message}
      </p>
    );
  }
  const settled = answered === query;
  return (
    <div
      className="q-scroll q-results"
      role="listbox"
      aria-label="Search results"
      aria-busy={!settled}
    >
      {settled && results.length === 0 ? (
        <div className="q-empty">
          <p className="q-empty-title">No lead matches “{query.trim()}”</p>
          <p className="q-empty-body">
            Search looks at names, phone numbers in any format, email and company among the leads on
            this machine. Esc goes back to the queue.
          </p>
        </div>
      ) : null}
      {results.map((lead, index) => (
        <LeadRow
          key={lead.id}
          lead={lead}
          index={index}
          setSize={results.length}
          selected={index === selected}
          open={lead.id === openLeadId}
          now={now}
          onOpen={onOpen}
        />
      ))}
      {truncated ? (
        <p className="q-more">
          Showing the best {SEARCH_LIMIT}; type more of the name or number to narrow it down.
        </p>
      ) : null}
    </div>
  );
}
