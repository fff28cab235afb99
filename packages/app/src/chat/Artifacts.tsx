// The chat's artifacts view: the header's "Artifacts" button opens a dialog listing what the
// chat's answers produced (files written or edited, charts drawn), each with the answer that
// produced it and when; choosing one shows its content read-only, as the host reads it (files
// only from inside the chat's workspace). The list is asked for again whenever an answer ends.
import type { Artifact, ArtifactContent } from '@open-cowork/contracts';
import { useEffect, useState } from 'react';
import type { Translator } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { svgImageUrl } from '../lib/chart-preview.js';
import { useActions, useAppState, useT } from '../ui/context.js';
import { messageOf } from '../ui/errors.js';
import { FileIcon, SparkIcon } from '../ui/icons.js';
import { Modal } from '../ui/Modal.js';
import { PageLoading } from '../ui/PageLoading.js';
import '../styles/artifacts.css';

/** The chat header's button and the dialog it opens. */
export function ArtifactsButton({ sessionId }: { sessionId: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button ghost small" onClick={() => setOpen(true)}>
        {t.t('artifacts.open')}
      </button>
      {open && <ArtifactsDialog sessionId={sessionId} onClose={() => setOpen(false)} />}
    </>
  );
}

type Load<T> = { readonly state: 'loading' } | { readonly state: 'ready'; readonly value: T } | { readonly state: 'failed'; readonly error: string };

function ArtifactsDialog({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  const t = useT();
  const { listArtifacts } = useActions();
  const busy = useAppState((s) => s.sessions.statuses[sessionId] !== undefined);
  const [list, setList] = useState<Load<readonly Artifact[]>>({ state: 'loading' });
  const [chosen, setChosen] = useState<string>();

  useEffect(() => {
    if (busy) return; // asked again once the running answer ends
    let live = true;
    listArtifacts(sessionId).then(
      (value) => live && setList({ state: 'ready', value }),
      (e: unknown) => live && setList({ state: 'failed', error: messageOf(e) }),
    );
    return () => {
      live = false;
    };
  }, [listArtifacts, sessionId, busy]);

  const artifacts = list.state === 'ready' ? list.value : [];
  const selected = artifacts.find((artifact) => artifact.id === chosen);
  return (
    <Modal title={t.t('artifacts.title')} onClose={onClose} wide>
      {() =>
        list.state === 'failed' ? (
          <p className="banner tone-danger" role="alert">
            {list.error}
          </p>
        ) : list.state === 'loading' ? (
          <PageLoading />
        ) : artifacts.length === 0 ? (
          <p className="artifacts-empty muted">{t.t('artifacts.empty')}</p>
        ) : (
          <div className="artifacts">
            <ul className="artifact-list" aria-label={t.t('artifacts.list')}>
              {artifacts.map((artifact) => (
                <li key={artifact.id}>
                  <ArtifactItem artifact={artifact} selected={artifact.id === chosen} onChoose={() => setChosen(artifact.id)} t={t} />
                </li>
              ))}
            </ul>
            {selected === undefined ? <p className="artifact-pick muted">{t.t('artifacts.pick')}</p> : <ArtifactView key={selected.id} sessionId={sessionId} artifact={selected} />}
          </div>
        )
      }
    </Modal>
  );
}

function ArtifactItem({ artifact, selected, onChoose, t }: { artifact: Artifact; selected: boolean; onChoose: () => void; t: Translator }) {
  const Icon = artifact.kind === 'chart' ? SparkIcon : FileIcon;
  return (
    <button type="button" className="artifact-item" aria-pressed={selected} onClick={onChoose}>
      <Icon size={16} />
      <span className="artifact-item-text">
        <span className="artifact-name">{artifact.name}</span>
        <span className="artifact-meta muted">
          <span className="badge">{t.t(`artifacts.kind.${artifact.kind}` as MessageKey)}</span> {t.t(`artifacts.action.${artifact.action}` as MessageKey)}
          {artifact.changes > 1 && ` · ${t.t('artifacts.changes', { count: artifact.changes })}`} · <time dateTime={new Date(artifact.at).toISOString()}>{t.date(artifact.at)}</time>
        </span>
        {artifact.prompt !== '' && <span className="artifact-answer muted">{t.t('artifacts.answerTo', { prompt: artifact.prompt })}</span>}
      </span>
    </button>
  );
}

/** Absolute paths are files a tool wrote outside the workspace; the host refuses to read them. */
const outsideWorkspace = (artifact: Artifact) => artifact.kind === 'file' && (artifact.path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(artifact.path));

function ArtifactView({ sessionId, artifact }: { sessionId: string; artifact: Artifact }) {
  const t = useT();
  const { readArtifact } = useActions();
  const outside = outsideWorkspace(artifact);
  const [content, setContent] = useState<Load<ArtifactContent>>({ state: 'loading' });
  useEffect(() => {
    if (outside) return;
    let live = true;
    readArtifact(sessionId, artifact.id).then(
      (value) => live && setContent({ state: 'ready', value }),
      (e: unknown) => live && setContent({ state: 'failed', error: messageOf(e) }),
    );
    return () => {
      live = false;
    };
  }, [readArtifact, sessionId, artifact.id, outside]);

  return (
    <section className="artifact-view" aria-label={artifact.name}>
      <header className="artifact-view-header">
        <code>{artifact.path}</code>
        <span className="badge">{t.t('artifacts.readOnly')}</span>
      </header>
      {outside ? (
        <p className="muted">{t.t('artifacts.outside')}</p>
      ) : content.state === 'loading' ? (
        <PageLoading />
      ) : content.state === 'failed' ? (
        <p className="banner tone-danger" role="alert">
          {content.error}
        </p>
      ) : (
        <ArtifactBody artifact={artifact} content={content.value} t={t} />
      )}
    </section>
  );
}

function ArtifactBody({ artifact, content, t }: { artifact: Artifact; content: ArtifactContent; t: Translator }) {
  const size = (bytes: number) => t.t('artifacts.bytes', { count: t.number(bytes) });
  if (content.kind === 'chart') {
    const src = svgImageUrl(content.text);
    return (
      <figure className="artifact-chart">
        <img src={src} alt={artifact.name} />
      </figure>
    );
  }
  if (content.binary) return <p className="muted">{t.t('artifacts.binary', { size: size(content.bytes) })}</p>;
  return (
    <>
      {content.truncated && <p className="banner tone-warning">{t.t('artifacts.truncated', { shown: size(new TextEncoder().encode(content.text).length), size: size(content.bytes) })}</p>}
      <pre className="artifact-text" tabIndex={0} aria-label={t.t('artifacts.readOnly')}>
        {content.text}
      </pre>
    </>
  );
}
