// Application-default credentials for MCP servers that opt into Google auth (`googleAuth`):
// the standard `authorized_user` file Google's client libraries and gcloud read through
// GOOGLE_APPLICATION_CREDENTIALS. It exists only while someone is signed in; the runtime
// config points those servers at it when it exists (HostMcps.launchExtras).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDir } from '../ports/private-dir.js';
import { writePrivateJson } from '../state/private-file.js';

export interface AuthorizedUser {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
}

/** Writes the file 0600 in a 0700 folder (tightened if it exists), atomically. */
export async function writeApplicationDefaultCredentials(file: string, user: AuthorizedUser): Promise<void> {
  await ensurePrivateDir(path.dirname(file), { tighten: true });
  await writePrivateJson(file, {
    type: 'authorized_user',
    client_id: user.clientId,
    client_secret: user.clientSecret,
    refresh_token: user.refreshToken,
  });
}

export async function removeApplicationDefaultCredentials(file: string): Promise<void> {
  await rm(file, { force: true });
}
