// The lead's status and the moves the state machine allows from it (src/domain/dispositions.ts).
import { useEffect, useRef, useState } from 'react';
import type { LeadStatus } from '../../../../src/domain/lead';
import { useKey } from '../../app/keys';
import { useLead } from './lead-store';

export const STATUS_LABEL: Readonly<Record<LeadStatus, string>> = {
  new: 'New',
  contacted: 'Contacted',
  qualified: 'Qualified',
  converted: 'Converted',
  lost: 'Lost',
};

interface StatusMenuProps {
  readonly status: LeadStatus;
  /** The statuses this person may move the lead to, the current one included. */
  readonly moves: readonly LeadStatus[];
}

export function StatusMenu({ status, moves }: StatusMenuProps) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const targets = moves.filter((move) => move !== status);

  useKey({ key: 'm', description: 'Move the lead to another status', group: 'Lead' }, () =>
    setOpen(true),
  );

  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [open]);

  const close = (): void => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const choose = (to: LeadStatus): void => {
    setOpen(false);
    void useLead.getState().setStatus(to);
  };

  return (
    <div
      className="lc-status"
      onKeyDown={(event) => {
        if (!open) return;
        // The menu owns the keyboard while open: no disposition key may fire behind it.
        event.stopPropagation();
        const items = [...(menuRef.current?.querySelectorAll('button') ?? [])];
        const at = items.indexOf(document.activeElement as HTMLButtonElement);
        if (event.key === 'Escape') {
          event.preventDefault();
          close();
        } else if (event.key === 'ArrowDown' || event.key === 'j') {
          event.preventDefault();
          items[(at + 1) % items.length]?.focus();
        } else if (event.key === 'ArrowUp' || event.key === 'k') {
          event.preventDefault();
          items[(at - 1 + items.length) % items.length]?.focus();
        }
      }}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={`lc-status-button lc-status-${status}`}
        aria-label={`Status: ${STATUS_LABEL[status]}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-keyshortcuts="M"
        onClick={() => setOpen(!open)}
      >
        {STATUS_LABEL[status]}
        <span aria-hidden="true" className="lc-caret">
          ▾
        </span>
      </button>
      {open ? (
        <div ref={menuRef} className="lc-menu" role="menu" aria-label="Move to status">
          {targets.length === 0 ? (
            <p className="lc-menu-empty">
              {STATUS_LABEL[status]} is final; only a manager can reopen it.
            </p>
          ) : (
            targets.map((target) => (
              <button
                key={target}
                type="button"
                role="menuitem"
                className="lc-menu-item"
                onClick={() => choose(target)}
              >
                <span className={`lc-status-dot lc-status-${target}`} aria-hidden="true" />
                Move to {STATUS_LABEL[target]}
              </button>
            ))
          )}
        </div>
      ) : null}
    </div>
  );
}
