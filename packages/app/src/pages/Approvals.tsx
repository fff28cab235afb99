// The approvals inbox: every permission request and question waiting for an answer, from every
// chat and workspace, grouped by the chat that asks. The cards are the chat's own, so an answer
// given here is the same answer, with the same command shown verbatim.
import type { PermissionRequest, QuestionRequest, Session } from '@open-cowork/contracts';
import { useEffect, useMemo, useState } from 'react';
import { ApprovalCard, QuestionCard } from '../chat/RequestCards.js';
import { shownTitle } from '../lib/session-title.js';
import { useActions, useAppState, useT } from '../ui/context.js';
import { hrefOf } from '../ui/router.js';
import '../styles/approvals.css';

interface RequestGroup {
  readonly sessionId: string;
  readonly workspaceId: string;
  readonly permissions: PermissionRequest[];
  readonly questions: QuestionRequest[];
}

/** Requests by the session that asks, in the order their first request arrived (lists are oldest first). */
export function groupBySession(permissions: readonly PermissionRequest[], questions: readonly QuestionRequest[]): RequestGroup[] {
  const groups = new Map<string, RequestGroup>();
  const groupOf = (request: PermissionRequest | QuestionRequest): RequestGroup => {
    let group = groups.get(request.sessionId);
    if (group === undefined) {
      group = { sessionId: request.sessionId, workspaceId: request.workspaceId, permissions: [], questions: [] };
      groups.set(request.sessionId, group);
    }
    return group;
  };
  for (const request of permissions) groupOf(request).permissions.push(request);
  for (const request of questions) groupOf(request).questions.push(request);
  return [...groups.values()];
}

export default function Approvals() {
  const t = useT();
  const permissions = useAppState((s) => s.permissions);
  const questions = useAppState((s) => s.questions);
  const { loadRequests } = useActions();
  const groups = useMemo(() => groupBySession(permissions, questions), [permissions, questions]);

  useEffect(() => {
    // The store follows requests through events; a fresh list catches any a reconnect missed.
    loadRequests().catch(() => undefined);
  }, [loadRequests]);

  return (
    <div className="page approvals-inbox">
      <header className="page-header">
        <h1>{t.t('approvals.title')}</h1>
        <p className="muted">{t.t('approvals.subtitle')}</p>
      </header>
      {groups.length === 0 ? (
        <p className="approvals-empty muted">{t.t('approvals.empty')}</p>
      ) : (
        groups.map((group) => <RequestGroupView key={group.sessionId} group={group} />)
      )}
    </div>
  );
}

function RequestGroupView({ group }: { group: RequestGroup }) {
  const t = useT();
  const known = useAppState((s) => s.sessions.byId[group.sessionId]);
  const workspace = useAppState((s) => s.workspaces.find((w) => w.id === group.workspaceId));
  const currentWorkspaceId = useAppState((s) => s.currentWorkspaceId);
  const { requestSession } = useActions();
  const [fetched, setFetched] = useState<Session>();
  const session = known ?? fetched;

  useEffect(() => {
    // Chats of other workspaces and sub-agent sessions are not in the sidebar's list.
    if (known !== undefined) return;
    let live = true;
    requestSession(group.sessionId).then((s) => live && setFetched(s), () => undefined);
    return () => {
      live = false;
    };
  }, [known, group.sessionId, requestSession]);

  const title = shownTitle(session?.title ?? '', t.t('sidebar.untitled'));
  // A sub-agent's request belongs to the chat that started it.
  const chatId = session?.parentId ?? group.sessionId;
  const headingId = `approvals-${group.sessionId}`;
  return (
    <section className="approvals-group" aria-labelledby={headingId}>
      <header className="approvals-group-header">
        <h2 id={headingId}>
          {title}
        </h2>
        {group.workspaceId !== currentWorkspaceId && <span className="badge">{workspace?.name ?? t.t('approvals.otherWorkspace')}</span>}
        <a className="button ghost small" href={hrefOf({ page: 'chat', sessionId: chatId })}>
          {t.t('approvals.openChat')}
        </a>
      </header>
      {group.permissions.map((request) => (
        <ApprovalCard key={request.id} request={request} t={t} />
      ))}
      {group.questions.map((request) => (
        <QuestionCard key={request.id} request={request} t={t} />
      ))}
    </section>
  );
}
