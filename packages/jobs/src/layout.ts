// Where a jobs root keeps things. Every path built from an id goes through `inside`, so an id
// that slipped past its pattern still cannot leave the root.
import path from 'node:path';
import { runtimeHome, type RuntimeHome } from '@open-cowork/runtime';
import { inside } from './ids.js';

export class JobsLayout {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(path.resolve(dataDir), 'jobs');
  }

  get stateFile(): string {
    return path.join(this.root, 'state.json');
  }

  get lockFile(): string {
    return path.join(this.root, 'owner.lock');
  }

  /** Host-only: the server's password and log. Never mounted. */
  sessionDir(sessionId: string): string {
    return inside(this.root, 'sessions', sessionId);
  }

  /** OpenCode's home and data for the session: mounted read-write. */
  box(sessionId: string): RuntimeHome {
    return runtimeHome(inside(this.root, 'sessions', sessionId, 'box'));
  }

  /** The config and credential files: mounted read-only, in this session's sandbox only. */
  secretsDir(sessionId: string): string {
    return inside(this.root, 'sessions', sessionId, 'secrets');
  }

  workspace(sessionId: string): string {
    return inside(this.root, 'workspaces', sessionId);
  }

  outputFile(jobId: string): string {
    return inside(this.root, 'output', `${jobId}.txt`);
  }
}
