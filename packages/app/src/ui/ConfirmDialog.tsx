import { useCallback, useRef, useState, type ReactNode } from 'react';
import { Modal } from './Modal.js';
import { useT } from './context.js';

export interface ConfirmRequest {
  /** The question, as the dialog's title ("Delete this chat?"). */
  readonly title: string;
  /** What happens, in a sentence; optional. */
  readonly body?: string;
  /** The button that goes ahead ("Delete", "Remove"). */
  readonly confirmLabel: string;
}

/**
 * An in-app confirmation in place of the browser's `confirm()` (which blocks the page, cannot
 * be styled or branded, and is switched off in some embeddings). `ask()` resolves to whether
 * the person went ahead; render `dialog` where the component renders.
 */
export function useConfirm(): { ask: (request: ConfirmRequest) => Promise<boolean>; dialog: ReactNode } {
  const [request, setRequest] = useState<ConfirmRequest>();
  const settle = useRef<(answer: boolean) => void>(undefined);

  const ask = useCallback((next: ConfirmRequest) => {
    settle.current?.(false); // a question still open is answered "no"
    setRequest(next);
    return new Promise<boolean>((resolve) => {
      settle.current = resolve;
    });
  }, []);

  const answer = (value: boolean) => {
    settle.current?.(value);
    settle.current = undefined;
    setRequest(undefined);
  };

  return { ask, dialog: request === undefined ? null : <ConfirmDialog request={request} onAnswer={answer} /> };
}

function ConfirmDialog({ request, onAnswer }: { request: ConfirmRequest; onAnswer: (value: boolean) => void }) {
  const t = useT();
  return (
    <Modal title={request.title} onClose={() => onAnswer(false)}>
      {() => (
        <>
          {request.body !== undefined && <p className="muted">{request.body}</p>}
          <div className="modal-actions">
            <button type="button" className="button ghost" onClick={() => onAnswer(false)}>
              {t.t('common.cancel')}
            </button>
            <button type="button" className="button danger" autoFocus onClick={() => onAnswer(true)}>
              {request.confirmLabel}
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
