// The artifacts feature: artifacts.list and artifacts.read, for the chat's artifacts view.
import type { HostDispatcher } from '../dispatch/index.js';
import type { HandlersFor } from '../dispatch/handlers.js';
import { runtimeCall } from '../runtime/runtime-call.js';
import { SessionLocator, type SessionServiceOptions } from '../sessions/service.js';
import { artifactsOf } from './derive.js';
import { readArtifact } from './read.js';

export interface ArtifactOptions extends Pick<SessionServiceOptions, 'runtime' | 'workspaces' | 'index'> {
  /** Where the bundled charts server saves its SVG files. */
  readonly artifactsDir: string;
}

export function artifactHandlers(options: ArtifactOptions): HandlersFor<'artifacts.list' | 'artifacts.read'> {
  const locator = new SessionLocator(options);
  return {
    'artifacts.list': async ({ sessionId }) => {
      const directory = (await locator.locate(sessionId)).path;
      const messages = await runtimeCall(options.runtime, (s) => s.messages({ sessionId, directory }), { kind: 'session', id: sessionId });
      return { artifacts: artifactsOf(messages, directory) };
    },
    'artifacts.read': async ({ sessionId, id }) => {
      const workspace = await locator.locate(sessionId);
      return readArtifact(id, { workspaceDir: workspace.path, artifactsDir: options.artifactsDir });
    },
  };
}

export function registerArtifacts(dispatcher: Pick<HostDispatcher, 'register'>, options: ArtifactOptions): void {
  dispatcher.register(artifactHandlers(options));
}
