// What an approval request looks like in a chat — its text and its buttons (Telegram) or
// actions (signed webhook) — and what each button means as an answer.
import type { MessageAction } from '../channels/outbound.js';
import type { Approval, ApprovalAnswer, ApprovalKind, PermissionAsk, QuestionAsk } from '../store/approvals.js';

export const PERMISSION_ACTIONS: readonly MessageAction[] = [
  { id: 'once', label: 'Allow once' },
  { id: 'always', label: 'Always for this session' },
  { id: 'reject', label: 'Deny' },
];

const DISMISS: MessageAction = { id: 'dismiss', label: 'Dismiss' };

function minutes(ms: number): string {
  const value = Math.round(ms / 60_000);
  return value >= 1 ? `${value} minute${value === 1 ? '' : 's'}` : `${Math.round(ms / 1000)} seconds`;
}

export function approvalActions(kind: ApprovalKind, request: PermissionAsk | QuestionAsk): MessageAction[] {
  if (kind === 'permission') return [...PERMISSION_ACTIONS];
  const { questions } = request as QuestionAsk;
  const actions = questions.flatMap((question, qi) =>
    question.options.map((option, oi) => ({ id: `q${qi}.${oi}`, label: questions.length > 1 ? `${question.header || `Q${qi + 1}`}: ${option.label}` : option.label })),
  );
  return [...actions, DISMISS];
}

export function approvalText(kind: ApprovalKind, request: PermissionAsk | QuestionAsk, timeoutMs: number): string {
  const deadline = `No answer within ${minutes(timeoutMs)} counts as ${kind === 'permission' ? 'Deny' : 'Dismiss'}.`;
  if (kind === 'permission') {
    const ask = request as PermissionAsk;
    const what = ask.patterns.length > 0 ? `\n${ask.patterns.map((pattern) => `  ${pattern}`).join('\n')}` : '';
    return `OpenCode asks for permission: ${ask.permission}${what}\n\n${deadline}`;
  }
  const { questions } = request as QuestionAsk;
  const body = questions
    .map((question) => `${question.question}\n${question.options.map((option) => `  • ${option.label}${option.description ? ` — ${option.description}` : ''}`).join('\n')}`)
    .join('\n\n');
  return `OpenCode asks:\n${body}\n\n${deadline}`;
}

export type ResolvedAction =
  | { readonly type: 'answer'; readonly answer: ApprovalAnswer }
  | { readonly type: 'partial'; readonly question: number; readonly label: string }
  | { readonly type: 'invalid'; readonly message: string };

/** What pressing `actionId` means for `approval`. */
export function resolveAction(approval: Approval, actionId: string): ResolvedAction {
  if (approval.kind === 'permission') {
    if (actionId === 'once' || actionId === 'always' || actionId === 'reject') return { type: 'answer', answer: { reply: actionId } };
    return { type: 'invalid', message: `"${actionId}" is not an answer to a permission request (once, always, reject).` };
  }
  if (actionId === 'dismiss') return { type: 'answer', answer: { dismissed: true } };
  const match = /^q(\d{1,3})\.(\d{1,3})$/.exec(actionId);
  const questions = (approval.request as QuestionAsk).questions;
  const question = match === null ? undefined : questions[Number(match[1])];
  const option = match === null || question === undefined ? undefined : question.options[Number(match[2])];
  if (option === undefined) return { type: 'invalid', message: `"${actionId}" is not one of this question's options.` };
  return { type: 'partial', question: Number(match![1]), label: option.label };
}

/** A short line saying how the request ended, for the chat and the dashboard. */
export function outcomeText(answer: ApprovalAnswer | 'expired', by?: string): string {
  const who = by === undefined ? '' : ` by ${by}`;
  if (answer === 'expired') return 'No answer in time: denied.';
  if ('reply' in answer) return answer.reply === 'once' ? `Allowed once${who}.` : answer.reply === 'always' ? `Allowed for this session${who}.` : `Denied${who}.`;
  if ('dismissed' in answer) return `Dismissed${who}.`;
  return `Answered${who}: ${answer.answers.map((labels) => labels.join(', ')).join('; ')}.`;
}
