// What `start` prints so another client can connect.

export interface PairingDetails {
  readonly url: string;
  readonly token: string;
  readonly workspaces: readonly string[];
  readonly runId: string;
  readonly dataDir: string;
  /** What the runtime runs in, for people. */
  readonly sandbox?: string;
}

/** The browser link carries the token in the fragment, which browsers never send to a server. */
export function uiUrl(url: string, token: string): string {
  return `${url}/#token=${encodeURIComponent(token)}`;
}

export function pairingText(details: PairingDetails, detached = false): string {
  return [
    '',
    'Open Cowork host is running.',
    '',
    `  Host URL    ${details.url}`,
    `  Token       ${details.token}`,
    `  Open UI     ${uiUrl(details.url, details.token)}`,
    `  Workspace   ${details.workspaces.join(', ')}`,
    `  Run id      ${details.runId}`,
    `  Data dir    ${details.dataDir}`,
    ...(details.sandbox === undefined ? [] : [`  Sandbox     ${details.sandbox}`]),
    '',
    'Clients send the token as "Authorization: Bearer <token>". Keep it private.',
    detached ? 'Stop it with: open-cowork stop' + (details.dataDir ? ` --data-dir ${details.dataDir}` : '') : 'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}
