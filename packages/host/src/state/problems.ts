// What the stores recovered from, for a person to hear about (log it, show it).

export type StateProblem =
  | { readonly kind: 'file-damaged'; readonly file: string; readonly movedTo: string; readonly message: string }
  | { readonly kind: 'credential-unreadable'; readonly scope: string; readonly id: string; readonly key: string; readonly message: string }
  | { readonly kind: 'listener-failed'; readonly message: string };

export type ProblemSink = (problem: StateProblem) => void;

/** Default sink: a process warning, which Node prints to stderr. */
export const warnProblem: ProblemSink = (problem) =>
  process.emitWarning(problem.message, { code: `OPEN_COWORK_${problem.kind.toUpperCase().replaceAll('-', '_')}` });
