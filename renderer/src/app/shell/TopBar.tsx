// The one bar above the work area: views, the command palette, presence and the account.
import { APP_SHORTCUTS } from '../../../../src/contract/app-shortcuts';
import { Kbd } from '../../ui/Kbd';
import type { SignedInUser } from '../session';
import { useWorkspace, type View } from '../workspace';
import { AccountMenu } from '../../features/session/AccountMenu';
import { KeyboardIcon, SearchIcon } from './icons';
import { useNavCounts } from './nav-counts';
import { CALLBACK_COUNT_LIMIT, tabCount } from './tab-counts';
import { PresenceControl } from '../../features/presence/PresenceControl';
import { isCaller, viewsFor } from './view-access';
import { VIEW_ENTRIES } from './views';

export const PALETTE_BINDING = APP_SHORTCUTS.palette;
export const SHORTCUTS_BINDING = APP_SHORTCUTS.shortcuts;

interface TopBarProps {
  readonly user: SignedInUser;
  readonly onOpenPalette: () => void;
  readonly onOpenShortcuts: () => void;
}

function useTabCounts(): Partial<Record<View, string | null>> {
  const queueTotal = useNavCounts((state) => state.queueTotal);
  const callbacksDue = useNavCounts((state) => state.callbacksDueToday);
  return {
    queue: tabCount(queueTotal),
    callbacks: tabCount(callbacksDue, CALLBACK_COUNT_LIMIT),
  };
}

/** More tabs than this need their names shortened below a wide window. */
const CROWDED_TABS = 7;

const COUNT_MEANING: Partial<Record<View, string>> = {
  queue: 'callable now',
  callbacks: 'due today',
};

export function TopBar({ user, onOpenPalette, onOpenShortcuts }: TopBarProps) {
  const view = useWorkspace((state) => state.view);
  const showView = useWorkspace((state) => state.showView);
  const counts = useTabCounts();

  return (
    <header className="top-bar">
      <div className="brand" title="TalentG Workstation">
        <span className="brand-mark" aria-hidden="true">
          T
        </span>
        <span className="brand-name">TalentG</span>
      </div>
      <nav
        className="tabs"
        aria-label="Views"
        // An admin's ten tabs do not fit a laptop's width with their names: see shell.css.
        data-crowded={viewsFor(user.role).length > CROWDED_TABS || undefined}
      >
        {viewsFor(user.role).map((entryView) => {
          const entry = VIEW_ENTRIES[entryView];
          const count = counts[entryView] ?? null;
          return (
            <button
              key={entryView}
              type="button"
              className="tab"
              aria-current={view === entryView ? 'page' : undefined}
              aria-keyshortcuts={entry.key === undefined ? undefined : `Control+${entry.key}`}
              title={entry.key === undefined ? entry.label : `${entry.label} (Ctrl ${entry.key})`}
              onClick={() => showView(entryView)}
            >
              <entry.Icon />
              <span className="tab-label">{entry.label}</span>
              {count !== null && (
                <span className="tab-count">
                  {count}
                  <span className="visually-hidden"> {COUNT_MEANING[entryView]}</span>
                </span>
              )}
            </button>
          );
        })}
      </nav>
      <div className="top-bar-end">
        <button
          type="button"
          className="palette-trigger"
          aria-keyshortcuts="Control+K"
          onClick={onOpenPalette}
        >
          <SearchIcon />
          <span className="palette-trigger-text">Commands</span>
          <Kbd binding={PALETTE_BINDING} />
        </button>
        {isCaller(user.role) && <PresenceControl />}
        <button
          type="button"
          className="icon-button"
          aria-label="Keyboard shortcuts"
          aria-keyshortcuts="?"
          title="Keyboard shortcuts (?)"
          onClick={onOpenShortcuts}
        >
          <KeyboardIcon />
        </button>
        <AccountMenu user={user} />
      </div>
    </header>
  );
}
