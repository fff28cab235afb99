export type * from './types.js';
export { RuntimeSessions, type ClientSource, type PromptAndWaitOptions, type RuntimeSessionsOptions } from './sessions.js';
export { MODEL_RETRIES_EXHAUSTED, waitForPrompt, type WaitForPromptOptions } from './wait.js';
export { RuntimeError, RuntimeRequestErrorCode, isRuntimeError, type RuntimeErrorData } from './errors.js';
export { parseModelRef, guessMime } from './prompt-parts.js';
