// Public API of @open-cowork/sandbox: start a process inside an isolation boundary (bubblewrap,
// podman, docker, macOS Seatbelt, or explicitly none), say what that boundary is, check extra
// mounts against the user's allowlist, and reach a server inside a boundary without network.
export { prepareSandbox, parseSandboxChoice, type PrepareSandboxOptions, type Sandbox } from './sandbox.js';
export { AUTO_ORDER, forgetProbes, probeBackend, type BackendProbe, type ProbeContext } from './detect.js';
export {
  SANDBOX_CHOICES,
  type ChildIsolation,
  type CheckedMount,
  type NetworkPolicy,
  type ResourceLimits,
  type SandboxBackendName,
  type SandboxChoice,
  type SandboxedCommand,
  type SandboxSpec,
  type SandboxStatus,
  type SandboxStrength,
} from './types.js';
export { SandboxError, SandboxErrorCode } from './errors.js';
export {
  checkMounts,
  EXTRA_MOUNT_ROOT,
  isWithin,
  loadMountAllowlist,
  MOUNT_ALLOWLIST_ENV,
  MOUNT_ALLOWLIST_FILE,
  mountAllowlistPath,
  parseMountRequest,
  type AllowlistRoot,
  type MountAllowlist,
  type MountRequest,
} from './mount-allowlist.js';
export { childBoundary, shellQuote, shellWrapperScript, type ChildBoundary, type ChildBoundaryInput } from './child-boundary.js';
export { bwrapArgs, checkLabel, nestedBwrapArgs, ROOT_INSIDE_ID, SANDBOX_LABEL_ENV, type NestedBoundaryInput } from './bwrap.js';
export { containerArgs, CONTAINER_LABEL, CONTAINER_WORKSPACE, DEFAULT_LIMITS, hostLimits, type ContainerEngine, type ContainerTarget } from './container.js';
export { realMacPath, SANDBOX_EXEC, sbplString, seatbeltArgs, seatbeltProfile, type SeatbeltInput } from './seatbelt.js';
export { readHostLayout, SYSTEM_DIRS, type HostLayout, type SystemEntry } from './host-layout.js';
export { BRIDGED_PORT, openSocketBridge, SOCKET_RELAY, type SocketBridge } from './bridge.js';
export { childPids, signalBwrapProgram } from './process-tree.js';
export { findProgram } from './probe.js';
