import { useEffect, useId, useRef, type ReactNode } from 'react';
import { CloseIcon } from './icons.js';
import { useT } from './context.js';

/**
 * A modal dialog (the native <dialog>, so focus is trapped and the page behind is inert).
 * Escape closes it and never reaches the page (where it would stop a running answer).
 */
export function Modal({ title, onClose, children, wide }: { title: string; onClose: () => void; children: (titleId: string) => ReactNode; wide?: boolean }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      className={`modal${wide ? ' wide' : ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="modal-body">
        <header className="modal-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button small" aria-label={t.t('common.close')} onClick={onClose}>
            <CloseIcon size={14} />
          </button>
        </header>
        {children(titleId)}
      </div>
    </dialog>
  );
}
