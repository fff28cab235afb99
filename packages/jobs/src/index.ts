// Public API of @open-cowork/jobs: isolated session jobs. A session is an OpenCode server in
// its own sandbox with its own workspace and data; jobs are prompts to it, followed to their end.
export { JobsManager, type JobRef, type JobsManagerOptions, type StartInput } from './manager.js';
export { JobsError, JobsErrorCode } from './errors.js';
export { checkJobId, checkSessionId, dataDirTag, inside, JOB_ID_PATTERN, LABEL_PREFIX, ownLabel, sandboxLabel, SESSION_ID_PATTERN } from './ids.js';
export { DEFAULT_LIMITS, type JobLimits } from './limits.js';
export { cgroupName, oomKills, type LimitEnforcement, type ResourceLimits } from './cgroup.js';
export { findOwnSandboxes, isLabelled, stopOwnSandboxes } from './server.js';
export type { SessionConfigInput } from './session-config.js';
export type { Deliver } from './notifier.js';
export type * from './types.js';
export { TERMINAL_STATES } from './types.js';
// The runtime binary's source settings (bundled, verified download, external), for the jobs MCP server.
export { opencodeSourceSettings, SIDECAR_ENV } from '@open-cowork/runtime';
