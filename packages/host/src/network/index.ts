// Network guard: what the host may start locally and call remotely on a user's behalf.
// See docs/network-guard.md.
export {
  checkLocalCommand,
  programName,
  PROTECTED_ENV_NAMES,
  PROTECTED_ENV_PREFIXES,
  SHELL_PROGRAMS,
  type CommandCheck,
  type CommandProblem,
} from './command-policy.js';
export { NetworkGuardError, NetworkRefusal, type NetworkRefusalCode, type NetworkRefusalData, type Refusal } from './errors.js';
export { readLimitedBody } from './limited-body.js';
export { classifyAddress, type AddressClass, type AddressKind } from './address-policy.js';
export {
  checkRemoteUrl,
  isLoopbackHostname,
  isMetadataHostname,
  METADATA_HOSTNAMES,
  type RemoteUrlAccepted,
  type RemoteUrlCheck,
  type RemoteUrlOptions,
} from './url-policy.js';
export {
  checkTarget,
  requireTarget,
  resolveAndCheck,
  systemLookup,
  type CheckedAddress,
  type CheckedTarget,
  type LookupAddress,
  type LookupAll,
  type ResolveCheck,
  type ResolvedHost,
  type ResolveOptions,
  type TargetCheck,
} from './resolve.js';
export { createPinnedAgent, type Dial, type DialTarget, type PinnedAgentOptions } from './pinned-agent.js';
export { createGuardedFetch, guardedFetch, type GuardedFetch, type GuardedFetchOptions } from './guarded-fetch.js';
export {
  RemoteMcpProxy,
  type RemoteMcpEndpoint,
  type RemoteMcpProxyOptions,
  type RemoteMcpRegistration,
} from './mcp-proxy.js';
