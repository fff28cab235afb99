// A session's messages and their parts, kept so that streaming stays cheap at 10,000
// messages: an update copies the entry array once per batch (a pointer copy) and only the
// touched entries, never the other messages. Entries are immutable once published.

import type { Message, MessageId, MessageWithParts, Part, PartId, SessionId, ToolState } from '@open-cowork/contracts';

export interface MessageEntry {
  readonly info: Message;
  /** In arrival order (history order after a load). */
  readonly parts: readonly Part[];
}

export type TranscriptStatus = 'loading' | 'ready' | 'error';

export interface Transcript {
  readonly sessionId: SessionId;
  readonly status: TranscriptStatus;
  readonly entries: readonly MessageEntry[];
  /**
   * Position of each message in `entries`. Shared by successive versions of the same
   * transcript while messages are only appended (a new message adds a key; no key ever
   * moves), so appending never copies it; rebuilt when anything is removed or reordered.
   */
  readonly index: ReadonlyMap<MessageId, number>;
  readonly error?: string;
}

export function emptyTranscript(sessionId: SessionId, status: TranscriptStatus): Transcript {
  return { sessionId, status, entries: [], index: new Map() };
}

export function transcriptFromHistory(sessionId: SessionId, history: readonly MessageWithParts[]): Transcript {
  const entries = history.map((m) => ({ info: m.info, parts: m.parts }));
  return { sessionId, status: 'ready', entries, index: indexOf(entries) };
}

function indexOf(entries: readonly MessageEntry[]): Map<MessageId, number> {
  const index = new Map<MessageId, number>();
  entries.forEach((entry, i) => index.set(entry.info.id, i));
  return index;
}

/** Which part kinds a delta can append to. */
type DeltaKind = 'text' | 'reasoning';

/**
 * Applies a batch of changes to one transcript, copy-on-write. Create one per batch, call
 * the update methods, then `result()`; the base transcript is never modified.
 */
export class TranscriptWriter {
  readonly #base: Transcript;
  #entries: MessageEntry[] | undefined;
  #index: Map<MessageId, number> | undefined;
  /** Entries already copied in this batch, which may be modified in place. */
  readonly #fresh = new Set<number>();
  #rebuild = false;

  constructor(base: Transcript) {
    this.#base = base;
  }

  upsertMessage(info: Message): void {
    const at = this.#find(info.id);
    if (at === undefined) {
      this.#append({ info, parts: [] });
      return;
    }
    this.#writable(at).info = info;
  }

  upsertPart(part: Part): void {
    const entry = this.#entryFor(part.messageId, part.sessionId);
    const parts = entry.parts as Part[];
    const i = parts.findIndex((p) => p.id === part.id);
    if (i === -1) parts.push(part);
    else parts[i] = part;
  }

  appendDelta(messageId: MessageId, partId: PartId, kind: DeltaKind, delta: string): void {
    const entry = this.#entryFor(messageId, this.#base.sessionId);
    const parts = entry.parts as Part[];
    const i = parts.findIndex((p) => p.id === partId);
    const existing = i === -1 ? undefined : parts[i];
    if (existing !== undefined && (existing.kind === 'text' || existing.kind === 'reasoning')) {
      parts[i] = { ...existing, text: existing.text + delta };
      return;
    }
    // A delta before its part.updated: start the part from the delta.
    const part: Part = { id: partId, sessionId: this.#base.sessionId, messageId, kind, text: delta };
    if (existing === undefined) parts.push(part);
    else parts[i] = part;
  }

  setToolState(messageId: MessageId, partId: PartId, tool: string, callId: string, state: ToolState): void {
    this.upsertPart({ id: partId, sessionId: this.#base.sessionId, messageId, kind: 'tool', tool, callId, state });
  }

  /**
   * A model call failed and OpenCode will retry it: what that call streamed so far is thrown
   * away. OpenCode keeps the failed step's text parts empty in the history (their deltas are
   * never stored) and streams the retry as a new step, so the transcript empties them too;
   * otherwise each attempt's partial text would stay on screen until the chat is reloaded.
   */
  discardUnfinishedStep(): void {
    const entries = this.#entries ?? this.#base.entries;
    let at = entries.length - 1;
    while (at >= 0 && entries[at]?.info.role !== 'assistant') at -= 1;
    const entry = entries[at];
    if (entry === undefined || entry.info.completedAt !== undefined) return;
    const start = entry.parts.findLastIndex((part) => part.kind === 'step-start');
    const streamed = entry.parts.slice(start + 1);
    if (streamed.some((part) => part.kind === 'step-finish')) return;
    if (!streamed.some((part) => (part.kind === 'text' || part.kind === 'reasoning') && part.text !== '')) return;
    const parts = this.#writable(at).parts as Part[];
    for (let i = start + 1; i < parts.length; i += 1) {
      const part = parts[i];
      if (part !== undefined && (part.kind === 'text' || part.kind === 'reasoning')) parts[i] = { ...part, text: '' };
    }
  }

  result(): Transcript {
    if (this.#entries === undefined) return this.#base;
    const index = this.#rebuild ? indexOf(this.#entries) : (this.#index ?? (this.#base.index as Map<MessageId, number>));
    return { ...this.#base, entries: this.#entries, index };
  }

  #find(id: MessageId): number | undefined {
    const entries = this.#entries ?? this.#base.entries;
    const at = this.#rebuild ? undefined : (this.#index ?? this.#base.index).get(id);
    if (at !== undefined && entries[at]?.info.id === id) return at;
    if (at === undefined && !this.#rebuild) return undefined;
    // The index is stale (or being rebuilt): search, and give this version its own index.
    this.#rebuild = true;
    const found = entries.findIndex((e) => e.info.id === id);
    return found === -1 ? undefined : found;
  }

  #append(entry: MessageEntry): void {
    const entries = this.#array();
    const last = entries.at(-1);
    if (last !== undefined && entry.info.createdAt < last.info.createdAt) {
      // Out of order (rare: a late event for an older message): insert by time.
      let at = entries.length;
      while (at > 0 && (entries[at - 1]?.info.createdAt ?? 0) > entry.info.createdAt) at -= 1;
      entries.splice(at, 0, entry);
      this.#rebuild = true;
      this.#fresh.clear();
      for (let i = 0; i < entries.length; i += 1) if (entries[i] === entry) this.#fresh.add(i);
      return;
    }
    entries.push(entry);
    this.#fresh.add(entries.length - 1);
    if (!this.#rebuild) {
      this.#index ??= this.#base.index as Map<MessageId, number>;
      this.#index.set(entry.info.id, entries.length - 1);
    }
  }

  /** The entry of a message, creating a placeholder when its message.updated has not arrived yet. */
  #entryFor(messageId: MessageId, sessionId: SessionId): { info: Message; parts: readonly Part[] } {
    let at = this.#find(messageId);
    if (at === undefined) {
      this.#append({ info: { id: messageId, sessionId, role: 'assistant', createdAt: Date.now() }, parts: [] });
      at = this.#find(messageId) ?? this.#array().length - 1;
    }
    return this.#writable(at);
  }

  #array(): MessageEntry[] {
    this.#entries ??= this.#base.entries.slice();
    return this.#entries;
  }

  #writable(at: number): { info: Message; parts: readonly Part[] } {
    const entries = this.#array();
    const entry = entries[at] as MessageEntry;
    if (this.#fresh.has(at)) return entry as { info: Message; parts: Part[] };
    const copy = { info: entry.info, parts: entry.parts.slice() };
    entries[at] = copy;
    this.#fresh.add(at);
    return copy;
  }
}

/**
 * A loaded history merged with what events delivered while it loaded: the history is the
 * base; a message or part that events brought and the history lacks is kept, and of two
 * versions of a part the one further along wins (longer text, later tool status).
 */
export function mergeHistory(loaded: Transcript, live: Transcript | undefined): Transcript {
  if (live === undefined || live.entries.length === 0) return loaded;
  const writer = new TranscriptWriter(loaded);
  for (const entry of live.entries) {
    const at = loaded.index.get(entry.info.id);
    const base = at === undefined ? undefined : loaded.entries[at];
    if (base === undefined || (entry.info.completedAt !== undefined && base.info.completedAt === undefined)) writer.upsertMessage(entry.info);
    for (const part of entry.parts) {
      const old = base?.parts.find((p) => p.id === part.id);
      if (old === undefined || furtherAlong(part, old)) writer.upsertPart(part);
    }
  }
  return writer.result();
}

const TOOL_ORDER: Readonly<Record<ToolState['status'], number>> = { pending: 0, running: 1, completed: 2, error: 2 };

function furtherAlong(candidate: Part, current: Part): boolean {
  if ((candidate.kind === 'text' || candidate.kind === 'reasoning') && (current.kind === 'text' || current.kind === 'reasoning')) {
    return candidate.text.length > current.text.length;
  }
  if (candidate.kind === 'tool' && current.kind === 'tool') return TOOL_ORDER[candidate.state.status] > TOOL_ORDER[current.state.status];
  return false;
}
