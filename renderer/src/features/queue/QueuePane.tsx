// The call queue: due callbacks first, then new, then recycled leads, virtualised so 100k cached leads
// scroll smoothly; search by name, phone or company takes its place while something is typed.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef } from 'react';
import type { EventPayload } from '../../../../src/contract/events';
import { shownHoursText, useCallingHoursView } from '../../app/calling-hours';
import { useCoreEvent } from '../../app/client';
import { useKey } from '../../app/keys';
import { useNow } from '../../app/lead-clock';
import { useSyncHealth } from '../../app/sync-health';
import { useWorkspace } from '../../app/workspace';
import { Kbd } from '../../ui/Kbd';
import { entryAt, indexOfLead, QUEUE_PAGE_SIZE, useQueue } from './queue-store';
import { LeadRow, PlaceholderRow } from './QueueRow';
import { SearchResults } from './SearchResults';
import { useSearch } from './search-store';
import './queue.css';

const ROW_HEIGHT = 56;
// --toast-clearance of ui/tokens.css: the list ends, and keys keep the selection, clear of a toast.
const TOAST_CLEARANCE = 88;
const GROUP = 'Queue';

export function QueuePane() {
  const total = useQueue((s) => s.total);
  const pages = useQueue((s) => s.pages);
  const selected = useQueue((s) => s.selected);
  const error = useQueue((s) => s.error);
  const openLeadId = useWorkspace((s) => s.openLeadId);
  const openLead = useWorkspace((s) => s.openLead);
  const query = useSearch((s) => s.query);
  const searching = query.trim() !== '';
  const now = useNow();
  const hours = shownHoursText(useCallingHoursView());
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const count = total ?? 0;
  // The virtualiser re-renders this component itself on scroll; nothing it returns is passed down memoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    paddingEnd: TOAST_CLEARANCE,
    scrollPaddingEnd: TOAST_CLEARANCE,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? QUEUE_PAGE_SIZE - 1;

  useEffect(() => {
    useQueue.getState().show(first, last);
  }, [first, last]);

  const onCacheChanged = useCallback((change: EventPayload<'cache:changed'>) => {
    if (change.tables.includes('leads')) {
      useQueue.getState().invalidate();
      useSearch.getState().refresh();
    }
  }, []);
  useCoreEvent('cache:changed', onCacheChanged);

  // The highlight follows the open lead (a click, a callback reminder, the next lead after a call).
  useEffect(() => {
    if (openLeadId === null) return;
    const at = indexOfLead(useQueue.getState(), openLeadId);
    if (at >= 0) useQueue.getState().select(at);
  }, [openLeadId, pages]);

  const open = useCallback(
    (leadId: string, index: number) => {
      useQueue.getState().select(index);
      openLead(leadId);
    },
    [openLead],
  );

  const move = (by: number): void => {
    if (searching) {
      const search = useSearch.getState();
      search.select(search.selected + by);
      return;
    }
    const next = Math.max(0, Math.min(selected + by, count - 1));
    useQueue.getState().select(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const openSelected = (): void => {
    if (searching) {
      const search = useSearch.getState();
      const lead = search.results[search.selected];
      if (lead !== undefined) openLead(lead.id);
      return;
    }
    const entry = entryAt(useQueue.getState(), selected);
    if (entry !== null) openLead(entry.lead.id);
  };

  useKey({ key: 'j', description: 'Next lead in the list', group: GROUP }, () => move(1));
  useKey({ key: 'ArrowDown', description: 'Next lead in the list', group: GROUP }, () => move(1));
  useKey({ key: 'k', description: 'Previous lead in the list', group: GROUP }, () => move(-1));
  useKey({ key: 'ArrowUp', description: 'Previous lead in the list', group: GROUP }, () =>
    move(-1),
  );
  useKey({ key: 'Enter', description: 'Open the highlighted lead', group: GROUP }, () =>
    openSelected(),
  );
  useKey({ key: '/', description: 'Search by name, phone or company', group: GROUP }, () => {
    searchRef.current?.focus();
    searchRef.current?.select();
  });

  const onSearchKey = (event: React.KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      openSelected();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      useSearch.getState().clear();
      event.currentTarget.blur();
    }
  };

  const selectedEntry = entryAt({ pages }, selected);
  return (
    <section className="q-pane" aria-labelledby="q-title">
      <header className="q-header">
        <div className="q-title-row">
          <h2 id="q-title" className="q-title">
            Queue
            <span className="q-count" aria-label={`${count} leads callable now`}>
              {total === null ? '…' : count.toLocaleString()}
            </span>
          </h2>
          <p
            className="q-hours"
            data-calling-hours={hours ?? undefined}
            title="A lead is callable when its own clock is inside the floor’s calling hours. Managers set them on the Leads screen."
          >
            Calling hours {hours ?? '…'}
          </p>
        </div>
        <div className="q-search">
          <input
            ref={searchRef}
            type="search"
            className="q-search-input"
            aria-label="Search leads"
            placeholder="Search name, phone, company"
            value={query}
            onChange={(event) => useSearch.getState().type(event.target.value)}
            onKeyDown={onSearchKey}
            spellCheck={false}
            autoComplete="off"
          />
          {query === '' ? (
            <kbd className="q-search-key" aria-hidden="true">
              /
            </kbd>
          ) : null}
        </div>
      </header>
      {error !== null && !searching ? (
        <p className="q-error" role="alert">
          {error.message}
        </p>
      ) : null}
      {searching ? (
        <SearchResults now={now} openLeadId={openLeadId} />
      ) : (
        <div
          ref={scrollRef}
          className="q-scroll"
          role="listbox"
          aria-label="Call queue"
          aria-activedescendant={
            selectedEntry === null ? undefined : `q-row-${selectedEntry.lead.id}`
          }
          tabIndex={0}
        >
          {total === 0 ? (
            <QueueEmpty hours={hours} />
          ) : (
            <div className="q-sizer" style={{ height: virtualizer.getTotalSize() }}>
              {items.map((item) => {
                const entry = entryAt({ pages }, item.index);
                const style = {
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                };
                return entry === null ? (
                  <PlaceholderRow key={`p${item.index}`} style={style} />
                ) : (
                  <LeadRow
                    key={entry.lead.id}
                    lead={entry.lead}
                    entry={entry}
                    index={item.index}
                    setSize={count}
                    selected={item.index === selected}
                    open={entry.lead.id === openLeadId}
                    now={now}
                    style={style}
                    onOpen={open}
                  />
                );
              })}
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function QueueEmpty({ hours }: { readonly hours: string | null }) {
  const downloading = useSyncHealth((s) => s.progress?.phase === 'bootstrapping');
  // Leads show as each page of the first download arrives: an empty queue meanwhile is not news yet.
  if (downloading) {
    return (
      <div className="q-empty">
        <p className="q-empty-title">Downloading your leads</p>
        <p className="q-empty-body">They show here as they arrive; the status bar counts them.</p>
      </div>
    );
  }
  return (
    <div className="q-empty">
      <p className="q-empty-title">Nothing to call right now</p>
      <p className="q-empty-body">
        Callbacks come back at their time, recycled leads after their delay, and new leads as soon
        as a manager assigns them. A lead shows up when its own clock is inside the calling hours
        {hours === null ? '' : ` (${hours})`}.
      </p>
      <p className="q-empty-body q-empty-next">
        Meanwhile, Callbacks <Kbd binding={{ key: '2', mod: true }} /> shows what comes back and
        when.
      </p>
    </div>
  );
}
