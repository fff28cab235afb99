// The build's Google OAuth client, read from config `auth`. Upstream ships none: a
// distribution supplies its own, usually through {env:NAME} placeholders. A field that is
// empty (an allowlisted variable that was unset) or still holds a placeholder makes sign-in
// fail with a message naming the field; there is never a fallback client.
import type { OpenCoworkConfig } from '@open-cowork/config';
import type { HostIssue } from '@open-cowork/contracts';

/** What sign-in requests when `auth.googleOAuth.scopes` is unset. */
export const DEFAULT_GOOGLE_SCOPES: readonly string[] = [
  'openid',
  'https://www.googleapis.com/auth/userinfo.email',
  'https://www.googleapis.com/auth/cloud-platform',
];

export interface GoogleClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: readonly string[];
}

export interface AuthSetup {
  readonly mode: 'none' | 'google-oauth';
  /** The scopes a sign-in requests. */
  readonly scopes: readonly string[];
  /** Present when mode is google-oauth and the client is usable. */
  readonly client?: GoogleClient;
  /** Why sign-in cannot work as configured, with JSON pointers into the config. */
  readonly issues: readonly HostIssue[];
}

/** `{env:NAME}` (this repo's syntax) and `${NAME}` (the shell's) left unresolved. */
const PLACEHOLDER = /\{env:[^}]*\}|\$\{[^}]*\}/;

/** Whether a configured value is unusable: unset, blank, or an unresolved placeholder. */
export function isUnsetOrPlaceholder(value: string | undefined): boolean {
  return value === undefined || value.trim() === '' || PLACEHOLDER.test(value);
}

export function authSetup(auth: OpenCoworkConfig['auth']): AuthSetup {
  const mode = auth?.mode ?? 'none';
  if (mode !== 'google-oauth') return { mode: 'none', scopes: [], issues: [] };
  const google = auth?.googleOAuth;
  const scopes = uniqueScopes(google?.scopes !== undefined && google.scopes.length > 0 ? google.scopes : DEFAULT_GOOGLE_SCOPES);
  const issues: HostIssue[] = [];
  const check = (field: 'clientId' | 'clientSecret', label: string) => {
    const value = google?.[field];
    if (!isUnsetOrPlaceholder(value)) return;
    const why =
      value === undefined || value.trim() === ''
        ? 'is not set (an {env:…} placeholder whose variable is unset resolves to an empty value)'
        : `still holds the unresolved placeholder "${PLACEHOLDER.exec(value)?.[0] ?? ''}"`;
    issues.push({
      pointer: `/auth/googleOAuth/${field}`,
      message: `Google sign-in is not configured: auth.googleOAuth.${field} (the build's OAuth ${label}) ${why}. Set it in the app config.`,
    });
  };
  check('clientId', 'client id');
  check('clientSecret', 'client secret');
  if (issues.length > 0) return { mode, scopes, issues };
  return { mode, scopes, issues, client: { clientId: google!.clientId!.trim(), clientSecret: google!.clientSecret!.trim(), scopes } };
}

function uniqueScopes(scopes: readonly string[]): string[] {
  return [...new Set(scopes.map((scope) => scope.trim()).filter((scope) => scope !== ''))];
}
