// Which workspace a session or a pending request belongs to. Clients name sessions and
// requests by id alone, but every runtime call needs the workspace folder; this index is fed
// by what the services list and create and by the runtime's events, and a miss is resolved
// by asking the runtime (see the sessions and requests services).

export type RequestKind = 'permission' | 'question';

export class SessionIndex {
  readonly #sessions = new Map<string, string>();
  readonly #requests = new Map<string, { readonly kind: RequestKind; readonly workspaceId: string }>();

  workspaceOfSession(sessionId: string): string | undefined {
    return this.#sessions.get(sessionId);
  }

  rememberSession(sessionId: string, workspaceId: string): void {
    this.#sessions.set(sessionId, workspaceId);
  }

  forgetSession(sessionId: string): void {
    this.#sessions.delete(sessionId);
  }

  workspaceOfRequest(kind: RequestKind, requestId: string): string | undefined {
    const entry = this.#requests.get(requestId);
    return entry?.kind === kind ? entry.workspaceId : undefined;
  }

  rememberRequest(kind: RequestKind, requestId: string, workspaceId: string): void {
    this.#requests.set(requestId, { kind, workspaceId });
  }

  forgetRequest(requestId: string): void {
    this.#requests.delete(requestId);
  }

  /** A new runtime process knows none of the old one's pending requests. */
  forgetRequests(): void {
    this.#requests.clear();
  }

  /** A removed workspace's sessions and requests are no longer reachable through the host. */
  forgetWorkspace(workspaceId: string): void {
    for (const [id, owner] of this.#sessions) if (owner === workspaceId) this.#sessions.delete(id);
    for (const [id, entry] of this.#requests) if (entry.workspaceId === workspaceId) this.#requests.delete(id);
  }
}
