// The gateway's Task API and runner protocol, as they cross the wire: the gateway
// (apps/gateway) serves them, the runner (`open-cowork runner` in apps/cli) and submitters call
// them. Declared once here so both ends agree; each end still checks what it receives.

export const TASK_KINDS = ['prompt', 'command'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/**
 * pending: waiting for a runner; running: a runner holds its lease; completed / failed: the
 * runner reported; dead: its leases expired more often than its attempts allow; cancelled.
 */
export const TASK_STATUSES = ['pending', 'running', 'completed', 'failed', 'dead', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const FINISHED_TASK_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'dead', 'cancelled'];

/** Every step a task's event log records. */
export const TASK_EVENT_TYPES = [
  'task.created',
  'task.claimed',
  'task.started',
  'task.progress',
  'task.completed',
  'task.failed',
  'task.requeued',
  'task.reconciled',
  'task.cancelled',
  'task.result_refused',
  'callback.dispatched',
  'callback.sent',
  'callback.failed',
] as const;
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];

/** Where a finished task is announced: a URL (signed POST) or a chat of one of the gateway's channels. */
export type TaskCallback =
  | { readonly url: string }
  | { readonly chat: { readonly provider: string; readonly chatId: string; readonly threadId?: string; readonly workspaceId?: string } };

/** `POST /tasks` */
export interface TaskSubmission {
  readonly kind: TaskKind;
  /** The label of a runner workspace (`open-cowork-gateway runner add NAME --workspace LABEL`). */
  readonly workspace: string;
  readonly prompt?: string;
  readonly command?: string;
  /** Tasks of one submitter with the same key run one at a time, in order, in one runner session. */
  readonly sessionKey?: string;
  readonly timeoutMs?: number;
  readonly callback?: TaskCallback;
}

export interface TaskCreated {
  readonly taskId: string;
}

export interface TaskResult {
  /** The prompt's final answer. */
  readonly text?: string;
  /** A command's exit code and (capped) output. */
  readonly exitCode?: number;
  readonly output?: string;
  readonly truncated?: boolean;
}

export interface TaskEvent {
  readonly seq: number;
  readonly taskId: string;
  readonly type: TaskEventType;
  readonly actor: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly at: string;
}

/** `GET /tasks/<id>` */
export interface TaskView {
  readonly id: string;
  readonly kind: TaskKind;
  readonly workspace: string;
  readonly sessionKey: string | null;
  readonly status: TaskStatus;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly runner: string | null;
  readonly result: TaskResult | null;
  readonly error: string | null;
  readonly acknowledged: boolean;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly events: readonly TaskEvent[];
}

/** `GET /tasks/stats` */
export interface TaskStats {
  readonly byStatus: Readonly<Record<string, number>>;
  /** Finished tasks whose result nobody acknowledged yet. */
  readonly unacknowledged: number;
  readonly oldestPendingSeconds: number | null;
}

/** What a runner is given with a task: the lease that lets it report. */
export interface RunnerLease {
  /** Present it on every heartbeat, event and result; it is valid for this attempt only. */
  readonly claimToken: string;
  /** Expiry by the gateway's database clock. */
  readonly expiresAt: string;
  readonly leaseSeconds: number;
  readonly attempt: number;
}

/** `GET /runner/poll` (200; 204 when nothing came within the wait). */
export interface RunnerAssignment {
  readonly task: {
    readonly id: string;
    readonly kind: TaskKind;
    readonly workspace: string;
    readonly prompt?: string;
    readonly command?: string;
    /** Opaque: the same value for tasks that continue one session (scoped to their submitter). */
    readonly session: string | null;
    readonly timeoutMs: number;
  };
  readonly lease: RunnerLease;
}

/** `GET /runner/whoami`: who the token is, and the workspace labels it was registered for. */
export interface RunnerIdentity {
  readonly runner: string;
  readonly workspaces: readonly string[];
  readonly leaseSeconds: number;
}

/** Progress a runner reports (`POST /runner/tasks/<id>/events`). */
export const RUNNER_EVENT_KINDS = ['started', 'text', 'tool', 'permission', 'status'] as const;
export type RunnerEventKind = (typeof RUNNER_EVENT_KINDS)[number];
export interface RunnerEvent {
  readonly kind: RunnerEventKind;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** `POST /runner/tasks/<id>/result` */
export interface RunnerResult {
  readonly claimToken: string;
  readonly status: 'completed' | 'failed';
  readonly result?: TaskResult;
  readonly error?: string;
}

/** Error codes of the Task API that a runner or submitter acts on. */
export const TaskErrorCode = {
  /** The claim token does not hold the task any more (expired and requeued, cancelled, or finished): stop working on it. */
  LeaseLost: 'GATEWAY_LEASE_LOST',
  /** A result for an attempt that is over, or a second result: refused and audited. */
  ResultRefused: 'GATEWAY_RESULT_REFUSED',
} as const;
