// A modal on the native <dialog>: focus stays inside, Esc and a click outside close it, and the app's
// global keys do not fire behind it.
import { useEffect, useRef, type ReactNode } from 'react';

interface DialogProps {
  readonly open: boolean;
  readonly onClose: () => void;
  /** The dialog's accessible name. */
  readonly label: string;
  readonly className?: string;
  readonly children: ReactNode;
}

export function Dialog({ open, onClose, label, className, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null || !open) return undefined;
    const returnFocusTo = document.activeElement;
    dialog.showModal();
    return () => {
      dialog.close();
      if (returnFocusTo instanceof HTMLElement && returnFocusTo.isConnected) returnFocusTo.focus();
    };
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-label={label}
      className={className === undefined ? 'dialog' : `dialog ${className}`}
      onCancel={(event) => {
        // The parent owns `open`: closing goes through it, so state and screen never disagree.
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => event.stopPropagation()}
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      {open ? children : null}
    </dialog>
  );
}
