import type { Workspace } from '@open-cowork/contracts';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { HostError } from '../host/errors.js';
import { useActions, useAppState, useT } from './context.js';
import { useConfirm } from './ConfirmDialog.js';
import { messageOf } from './errors.js';
import { CheckIcon, ChevronIcon, CloseIcon, FolderIcon, PlusIcon } from './icons.js';
import { Modal } from './Modal.js';
import { navigate, useRoute } from './router.js';

/**
 * The current workspace at the top of the sidebar. Its button opens a small panel: every
 * workspace (pick one to switch: the sidebar then lists its chats and new chats start there),
 * a remove button per workspace (not for the last one) and "Add workspace…", which opens a
 * dialog for a folder path.
 */
export function WorkspacePicker() {
  const t = useT();
  const workspaces = useAppState((s) => s.workspaces);
  const currentId = useAppState((s) => s.currentWorkspaceId);
  const { selectWorkspace, removeWorkspace, notify } = useActions();
  const route = useRoute();
  const [open, setOpen] = useState(false);
  const [adding, setAdding] = useState(false);
  const confirm = useConfirm();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const current = workspaces.find((w) => w.id === currentId);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault(); // a running answer is not stopped by closing this panel
      setOpen(false);
      toggle.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const choose = (workspace: Workspace) => {
    setOpen(false);
    if (workspace.id === currentId) return;
    selectWorkspace(workspace.id);
    // A chat of the workspace left behind is no longer in the list: start from Home.
    if (route.page === 'chat') navigate({ page: 'home' });
  };

  const remove = (workspace: Workspace) => {
    void confirm
      .ask({ title: t.t('workspace.removeConfirm', { name: workspace.name }), body: t.t('workspace.removeConfirmBody'), confirmLabel: t.t('workspace.removeConfirmAction') })
      .then((yes) => (yes ? removeWorkspace(workspace.id).then(() => true) : false))
      .then((removed) => {
        if (!removed) return;
        notify(t.t('workspace.removed', { name: workspace.name }));
        if (route.page === 'chat') navigate({ page: 'home' });
      })
      .catch((e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error'));
  };

  return (
    <div className="workspace-picker" ref={root}>
      <button
        type="button"
        ref={toggle}
        className="workspace-current"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={current ? t.t('workspace.current', { name: current.name }) : t.t('workspace.none')}
        title={current?.path}
        onClick={() => setOpen((o) => !o)}
      >
        <FolderIcon size={16} />
        <span className="workspace-name">{current?.name ?? t.t('workspace.none')}</span>
        <ChevronIcon size={14} className={open ? 'chevron open' : 'chevron down'} />
      </button>
      {open && (
        <div className="workspace-panel" id={panelId} role="group" aria-label={t.t('workspace.menu')}>
          <ul className="workspace-list">
            {workspaces.map((workspace) => (
              <li key={workspace.id} className="workspace-row">
                <button
                  type="button"
                  className="workspace-choice"
                  aria-current={workspace.id === currentId ? 'true' : undefined}
                  title={workspace.path}
                  onClick={() => choose(workspace)}
                >
                  <span className="workspace-check">{workspace.id === currentId && <CheckIcon size={14} />}</span>
                  <span className="workspace-text">
                    <span className="workspace-name">{workspace.name}</span>
                    {/* Cut from the left (the folder's own name matters most); the marks keep the slashes in place. */}
                    <span className="workspace-path muted">{`\u200e${workspace.path}\u200e`}</span>
                  </span>
                </button>
                <button
                  type="button"
                  className="icon-button small"
                  aria-label={t.t('workspace.remove', { name: workspace.name })}
                  title={workspaces.length <= 1 ? t.t('workspace.lastOne') : t.t('workspace.remove', { name: workspace.name })}
                  disabled={workspaces.length <= 1}
                  onClick={() => remove(workspace)}
                >
                  <CloseIcon size={12} />
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="workspace-add"
            onClick={() => {
              setOpen(false);
              setAdding(true);
            }}
          >
            <PlusIcon size={14} />
            {t.t('workspace.add')}
          </button>
        </div>
      )}
      {adding && <AddWorkspaceDialog onClose={() => setAdding(false)} />}
      {confirm.dialog}
    </div>
  );
}

/** A modal dialog for a folder path; the host's refusal (no such folder, already added) shows under the field it names. */
function AddWorkspaceDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const { addWorkspace, notify } = useActions();
  const route = useRoute();
  const pathId = useId();
  const nameId = useId();
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<{ field: 'path' | 'name' | 'form'; message: string }>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (path.trim() === '') {
      setProblem({ field: 'path', message: t.t('workspace.pathRequired') });
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const added = await addWorkspace(path.trim(), name);
      notify(t.t('workspace.added', { name: added.name }));
      if (route.page === 'chat') navigate({ page: 'home' });
      onClose();
    } catch (error) {
      const coded = HostError.from(error);
      const pointer = pointerOf(coded.data);
      setProblem({ field: pointer === '/name' ? 'name' : pointer === '/path' || coded.code === 'CONFLICT' ? 'path' : 'form', message: coded.message });
      setBusy(false);
    }
  };

  const errorFor = (field: 'path' | 'name') =>
    problem?.field === field ? (
      <span id={`${field === 'path' ? pathId : nameId}-error`} className="field-error" role="alert">
        {problem.message}
      </span>
    ) : null;

  return (
    <Modal title={t.t('workspace.addTitle')} onClose={onClose}>
      {() => (
          <form className="modal-form" onSubmit={(e) => void submit(e)} noValidate>
            <p className="muted small">{t.t('workspace.addBody')}</p>
            <div className={`field${problem?.field === 'path' ? ' invalid' : ''}`}>
              <label className="field-label" htmlFor={pathId}>
                {t.t('workspace.path')}
              </label>
              <input
                id={pathId}
                type="text"
                value={path}
                autoFocus
                spellCheck={false}
                autoComplete="off"
                placeholder={t.t('workspace.pathPlaceholder')}
                aria-invalid={problem?.field === 'path' ? true : undefined}
                aria-describedby={problem?.field === 'path' ? `${pathId}-error` : undefined}
                onChange={(e) => setPath(e.target.value)}
              />
              {errorFor('path')}
            </div>
            <div className={`field${problem?.field === 'name' ? ' invalid' : ''}`}>
              <label className="field-label" htmlFor={nameId}>
                {t.t('workspace.name')}
              </label>
              <input
                id={nameId}
                type="text"
                value={name}
                placeholder={t.t('workspace.namePlaceholder')}
                aria-invalid={problem?.field === 'name' ? true : undefined}
                aria-describedby={problem?.field === 'name' ? `${nameId}-error` : undefined}
                onChange={(e) => setName(e.target.value)}
              />
              {errorFor('name')}
            </div>
            {problem?.field === 'form' && (
              <p className="form-error" role="alert">
                {problem.message}
              </p>
            )}
            <div className="modal-actions">
              <button type="button" className="button ghost" onClick={onClose} disabled={busy}>
                {t.t('builder.cancel')}
              </button>
              <button type="submit" className="button primary" disabled={busy}>
                {t.t('workspace.addSubmit')}
              </button>
            </div>
          </form>
      )}
    </Modal>
  );
}

function pointerOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const pointer = (data as { pointer?: unknown }).pointer;
  return typeof pointer === 'string' ? pointer : undefined;
}


