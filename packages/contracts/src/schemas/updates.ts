// In-app updates as the renderer sees them: a safe summary of the configured release feed
// and where the last check left it. Credentials, signed URLs, bucket paths and request
// headers never appear here; they stay inside the host.

import type { JsonSchema } from '../contract.js';
import { boolean, number, object, oneOfStrings, ref, string, text } from './build.js';

export const UPDATE_STATES = ['idle', 'checking', 'up-to-date', 'available', 'downloading', 'ready', 'error', 'manual'] as const;

export const UPDATE_REASONS = [
  // Why this build installs updates by hand (state "manual"):
  'disabled',
  'development-build',
  'unsigned-build',
  'unsupported-platform',
  'no-updater',
  'no-feed-metadata',
  // Why a check, download or install failed (state "error"):
  'credentials-missing',
  'credentials-not-placeholder',
  'signed-out',
  'scopes-missing',
  'auth-forbidden',
  'not-found',
  'network',
  'blocked',
  'server-error',
  'invalid-metadata',
  'broker-failed',
  'download-failed',
  'install-failed',
] as const;

export const UPDATE_DEFS = {
  UpdateState: oneOfStrings(
    UPDATE_STATES,
    '"idle": not checked yet; "checking"; "up-to-date"; "available": a newer version this build can download itself; "downloading"; "ready": downloaded, restart to install; "error": see `reason`; "manual": install from the manual link (see `reason`).',
  ),
  UpdateReason: oneOfStrings(
    UPDATE_REASONS,
    'Why the state is "manual" or "error", as a stable code: disabled (turned off in the configuration), development-build, unsigned-build, unsupported-platform (in-app install is macOS only), no-updater (this face of the app has none, e.g. the headless host), no-feed-metadata (the release has no updater metadata), credentials-missing (the feed\'s token or header variable is not set), credentials-not-placeholder (a feed token must come from an {env:NAME} placeholder), signed-out (the feed needs the Google sign-in), scopes-missing (the sign-in lacks a scope the feed needs), auth-forbidden (the feed answered 401 or 403), not-found, network, blocked (the network guard refused the address), server-error, invalid-metadata, broker-failed, download-failed, install-failed.',
  ),
  UpdateStatus: object(
    'Where in-app updates stand: the feed as a label, the versions, the state and the manual fallback. Never credentials, signed URLs, bucket paths or headers.',
    {
      label: text('The release feed for people, e.g. "GitHub releases of acme/app", "Private feed" or the configured label.'),
      channel: text('The update channel, e.g. "latest" or "beta".'),
      currentVersion: text('The version running now.'),
      availableVersion: string('The newest version the feed offers, once a check found one newer than the current version.'),
      releaseDate: string('When the available version was released, as the feed states it (ISO 8601).'),
      state: ref('UpdateState', 'The state now.'),
      reason: ref('UpdateReason', '"manual" and "error": why.'),
      inApp: boolean('Whether this build downloads and installs updates itself (a signed, packaged macOS build with an updater and a feed with metadata); false means the manual link.'),
      manualUrl: string('An https:// page to download the app from by hand (the configured fallback, or the GitHub releases page); http:// only to localhost, for testing a feed on one machine.', {
        pattern: '^(https://|http://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?(/|$))',
      }),
      progress: number('"downloading": how much is done, 0 to 100, when the updater reports it.', { minimum: 0, maximum: 100 }),
      checkedAt: ref('Timestamp', 'When the last check finished.'),
    },
    ['label', 'channel', 'currentVersion', 'state', 'inApp'],
  ),
} as const satisfies Record<string, JsonSchema>;
