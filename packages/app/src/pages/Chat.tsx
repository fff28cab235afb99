// Before the chat components' own styles, as in the cascade they were written for.
import '../styles/chat.css';
import type { PromptFile } from '@open-cowork/contracts';
import type { MessageEntry } from '../state/transcript.js';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { ArtifactsButton } from '../chat/Artifacts.js';
import { MessageRow } from '../chat/MessageRow.js';
import { ApprovalCard, QuestionCard } from '../chat/RequestCards.js';
import { HistoryMenu, MessageHistoryActions, RevertedBanner } from '../chat/SessionHistory.js';
import { VirtualList } from '../chat/VirtualList.js';
import { lastContextUse } from '../lib/context-use.js';
import { modelOptions } from '../lib/models.js';
import { isPlaceholderTitle, shownTitle } from '../lib/session-title.js';
import { createTraceClassifier, customMcpTraceRules, traceRulesOf } from '../lib/tool-trace.js';
import { Composer } from '../ui/Composer.js';
import { useActions, useAppState, useT } from '../ui/context.js';
import { useConfirm } from '../ui/ConfirmDialog.js';
import { messageOf } from '../ui/errors.js';
import { AlertIcon, ArrowDownIcon, EditIcon, Spinner, TrashIcon } from '../ui/icons.js';
import { navigate } from '../ui/router.js';
import { PageLoading } from '../ui/PageLoading.js';

const EMPTY: readonly never[] = [];

export default function Chat({ sessionId }: { sessionId: string }) {
  const t = useT();
  const actions = useActions();
  const { openSession, closeSession, sendPrompt, abortSession, notify, chooseChatAgent } = actions;
  const session = useAppState((s) => s.sessions.byId[sessionId]);
  const sessionsLoaded = useAppState((s) => s.sessions.load === 'ready');
  const transcript = useAppState((s) => s.transcripts[sessionId]);
  const status = useAppState((s) => s.sessions.statuses[sessionId]);
  const error = useAppState((s) => s.sessions.errors[sessionId]);
  const allPermissions = useAppState((s) => s.permissions);
  const allQuestions = useAppState((s) => s.questions);
  const info = useAppState((s) => s.info);
  const permissions = useMemo(() => allPermissions.filter((r) => r.sessionId === sessionId), [allPermissions, sessionId]);
  const questions = useMemo(() => allQuestions.filter((r) => r.sessionId === sessionId), [allQuestions, sessionId]);
  const busy = status !== undefined;
  const chosenAgent = useAppState((s) => s.chatAgents.bySession[sessionId]);
  const agentList = useAppState((s) => s.agents.list);

  useEffect(() => {
    void openSession(sessionId);
    return () => closeSession();
  }, [sessionId, openSession, closeSession]);

  const stop = useCallback(() => {
    abortSession(sessionId).catch((e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error'));
  }, [abortSession, sessionId, notify, t]);

  // Escape stops a running response (unless a dialog or field handled it first).
  useEffect(() => {
    if (!busy) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        stop();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, stop]);

  const mcps = useAppState((s) => s.capabilities.mcps);
  const capabilitiesLoad = useAppState((s) => s.capabilities.load);
  const { loadCapabilities } = useActions();
  useEffect(() => {
    // Custom MCP servers may name their calls ("Label in chat"); load them once if nothing has.
    if (capabilitiesLoad === 'idle') loadCapabilities().catch(() => undefined);
  }, [capabilitiesLoad, loadCapabilities]);
  const classify = useMemo(() => createTraceClassifier([...customMcpTraceRules(mcps), ...traceRulesOf(info)], t), [info, mcps, t]);
  const allEntries: readonly MessageEntry[] = transcript?.entries ?? EMPTY;
  // A reverted chat hides the reverted message and everything after it (OpenCode drops them on the next prompt).
  const revertedAt = session?.revertedTo === undefined ? -1 : allEntries.findIndex((e) => e.info.id === session.revertedTo);
  const entries = useMemo(() => (revertedAt < 0 ? allEntries : allEntries.slice(0, revertedAt)), [allEntries, revertedAt]);
  // A chat nobody chose an agent for here (started elsewhere) stays with the agent it last used.
  const agent = chosenAgent ?? lastAskedAgent(entries);
  // The session's error is often also the last answer's (a cut-off turn): say it once, there.
  const shownInAnswer = error !== undefined && entries.at(-1)?.info.error?.message === error.message;
  const itemKey = useCallback((i: number) => entries[i]?.info.id ?? String(i), [entries]);
  const estimate = useCallback((i: number) => (entries[i]?.info.role === 'user' ? 64 : 140), [entries]);
  const renderItem = useCallback((i: number) => {
    const entry = entries[i];
    if (!entry) return null;
    const row = <MessageRow entry={entry} t={t} classify={classify} agents={agentList} />;
    return entry.info.role === 'user' ? (
      <>
        {row}
        <MessageHistoryActions sessionId={sessionId} messageId={entry.info.id} disabled={busy} />
      </>
    ) : (
      row
    );
  }, [entries, t, classify, agentList, sessionId, busy]);

  const send = async (text: string, files: readonly PromptFile[], to: string | undefined) => {
    try {
      await sendPrompt(sessionId, text, { files, ...(to === undefined ? {} : { agent: to }) });
    } catch (e) {
      notify(t.t('common.error', { message: messageOf(e) }), 'error');
      throw e;
    }
  };

  if (transcript?.status === 'error' && sessionsLoaded && session === undefined) {
    return (
      <div className="page chat">
        <p className="banner tone-warning" role="alert">
          {t.t('chat.notFound')}
        </p>
      </div>
    );
  }

  const lastEntry = entries.at(-1);
  const waiting = busy && permissions.length === 0 && questions.length === 0 && (lastEntry === undefined || lastEntry.info.role === 'user' || lastEntry.info.completedAt === undefined);

  const footer = (
    <div className="transcript-footer">
      {revertedAt >= 0 && <RevertedBanner sessionId={sessionId} hidden={allEntries.length - revertedAt} />}
      {status?.type === 'retry' && (
        <p className="banner tone-warning">{t.t('chat.retrying', { attempt: status.attempt, message: status.message })}</p>
      )}
      {permissions.map((request) => (
        <ApprovalCard key={request.id} request={request} t={t} />
      ))}
      {questions.map((request) => (
        <QuestionCard key={request.id} request={request} t={t} />
      ))}
      {error && !busy && !shownInAnswer && (
        <p className="message-error" role="alert">
          <AlertIcon size={15} />
          {t.t('chat.failed', { message: error.message })}
        </p>
      )}
      {waiting && (
        <p className="thinking muted">
          <Spinner size={14} />
          {t.t('chat.thinking')}
        </p>
      )}
    </div>
  );

  return (
    <div className="page chat">
      <ChatHeader sessionId={sessionId} />
      {transcript === undefined || (transcript.status === 'loading' && entries.length === 0) ? (
        <PageLoading />
      ) : transcript.status === 'error' && entries.length === 0 ? (
        <p className="banner tone-danger" role="alert">
          {t.t('chat.loadFailed', { message: transcript.error ?? '' })}
        </p>
      ) : (
        <VirtualList
          className="transcript"
          ariaLabel={t.t('chat.transcript')}
          count={entries.length}
          itemKey={itemKey}
          estimate={estimate}
          renderItem={renderItem}
          footer={footer}
          jumpLabel={t.t('chat.jumpToLatest')}
          jumpIcon={<ArrowDownIcon size={14} />}
        />
      )}
      <div className="chat-composer">
        <Composer
          placeholder={t.t('home.composerPlaceholder')}
          onSend={send}
          agent={agent}
          onAgentChange={(name) => chooseChatAgent(sessionId, name)}
          workspaceId={session?.workspaceId}
          busy={busy}
          onStop={stop}
          autoFocus
        />
      </div>
    </div>
  );
}

/** The agent the chat's last prompt went to, as OpenCode recorded it. */
function lastAskedAgent(entries: readonly MessageEntry[]): string | undefined {
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const info = entries[i]?.info;
    if (info?.role === 'user') return info.agent;
  }
  return undefined;
}

function ChatHeader({ sessionId }: { sessionId: string }) {
  const t = useT();
  const session = useAppState((s) => s.sessions.byId[sessionId]);
  const entries = useAppState((s) => s.transcripts[sessionId]?.entries);
  const providers = useAppState((s) => s.providers.list);
  const { renameSession, deleteSession, summarizeSession, notify } = useActions();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState('');
  const [summarizing, setSummarizing] = useState(false);
  const confirm = useConfirm();

  const usage = useMemo(() => {
    const use = entries === undefined ? undefined : lastContextUse(entries);
    if (use === undefined) return undefined;
    const limit = modelOptions(providers, false).find((o) => o.ref === use.model)?.contextLimit;
    return { used: use.used, limit };
  }, [entries, providers]);

  const fail = (e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error');
  const displayTitle = shownTitle(session?.title ?? '', t.t('sidebar.untitled'));

  const saveTitle = (event: FormEvent) => {
    event.preventDefault();
    const next = title.trim();
    setEditing(false);
    if (next !== '' && next !== session?.title) renameSession(sessionId, next).catch(fail);
  };

  return (
    <header className="chat-header">
      {editing ? (
        <form className="rename-form" onSubmit={saveTitle}>
          <input
            aria-label={t.t('chat.renameLabel')}
            value={title}
            autoFocus
            onChange={(e) => setTitle(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                setEditing(false);
              }
            }}
          />
          <button type="submit" className="button primary small">
            {t.t('chat.save')}
          </button>
          <button type="button" className="button ghost small" onClick={() => setEditing(false)}>
            {t.t('chat.cancel')}
          </button>
        </form>
      ) : (
        <h1 className="chat-title" title={displayTitle}>
          {displayTitle}
        </h1>
      )}
      <div className="chat-tools">
        {usage && (
          <span className="usage muted" title={usage.limit ? t.t('chat.tokens', { used: t.number(usage.used), limit: t.number(usage.limit) }) : t.t('chat.tokensUsed', { used: t.number(usage.used) })}>
            {usage.limit ? (
              <>
                <meter min={0} max={usage.limit} value={usage.used} aria-label={t.t('chat.tokens', { used: t.number(usage.used), limit: t.number(usage.limit) })} />
                {t.number(usage.used / usage.limit, { style: 'percent', maximumFractionDigits: 0 })}
              </>
            ) : (
              t.t('chat.tokensUsed', { used: t.number(usage.used, { notation: 'compact' }) })
            )}
          </span>
        )}
        {usage && (
          <button
            type="button"
            className="button ghost small"
            disabled={summarizing}
            onClick={() => {
              setSummarizing(true);
              summarizeSession(sessionId)
                .catch(fail)
                .finally(() => setSummarizing(false));
            }}
          >
            {t.t('chat.summarize')}
          </button>
        )}
        <ArtifactsButton sessionId={sessionId} />
        <HistoryMenu sessionId={sessionId} />
        {!editing && (
          <button
            type="button"
            className="icon-button"
            aria-label={t.t('chat.rename')}
            title={t.t('chat.rename')}
            onClick={() => {
              setTitle(session === undefined || isPlaceholderTitle(session.title) ? '' : session.title);
              setEditing(true);
            }}
          >
            <EditIcon size={16} />
          </button>
        )}
        <button
          type="button"
          className="icon-button"
          aria-label={t.t('chat.delete')}
          title={t.t('chat.delete')}
          onClick={() => {
            void confirm.ask({ title: t.t('chat.deleteConfirm'), body: t.t('chat.deleteConfirmBody'), confirmLabel: t.t('chat.delete') }).then((yes) => {
              if (!yes) return;
              deleteSession(sessionId)
                .then(() => navigate({ page: 'home' }))
                .catch(fail);
            });
          }}
        >
          <TrashIcon size={16} />
        </button>
        {confirm.dialog}
      </div>
    </header>
  );
}
