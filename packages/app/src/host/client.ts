import type { HostApi, HostEvent } from '@open-cowork/contracts';

/** Removes a listener or closes a resource; calling it twice is harmless. */
export type Disposer = () => void;

export type HostEventListener = (event: HostEvent) => void;

/** How the event stream is doing: "open" delivers events, "reconnecting" will catch up by itself. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * The renderer's one way to the host: every contract method plus the event stream. The
 * renderer never learns which transport is underneath (Electron IPC or HTTP + SSE).
 */
export interface HostClient extends HostApi {
  /** Receives every host event, in order, until the disposer is called. */
  subscribe(listener: HostEventListener): Disposer;
  /** Reports the event stream's state now and whenever it changes. */
  onConnection(listener: (state: ConnectionState) => void): Disposer;
  /** Which transport this is, for diagnostics only. */
  readonly transport: 'http' | 'ipc';
  /** Stops the event stream and fails later calls. Idempotent. */
  close(): void;
}
