// The user's settings. Permission choices are capped by the app config's maxima; credentials are
// not settings (see providers.*) and no secret ever appears here.

import type { JsonSchema } from '../contract.js';
import { array, boolean, nullable, object, oneOfStrings, ref, string, text } from './build.js';

const CAPABILITIES = {
  bash: 'Shell commands.',
  fileWrite: 'File edits.',
  task: 'Delegating work to sub-agents.',
  web: 'Fetching web pages and code search.',
} as const;

const perCapability = (what: string): Record<string, JsonSchema> =>
  Object.fromEntries(Object.entries(CAPABILITIES).map(([key, label]) => [key, ref('PermissionChoice', `${label} ${what}`)]));

export const SETTINGS_DEFS = {
  Appearance: oneOfStrings(['light', 'dark', 'system'], 'Colour scheme; "system" follows the OS.'),
  SandboxChoice: oneOfStrings(
    ['auto', 'none', 'bwrap', 'podman', 'docker', 'macos'],
    'Where the runtime, its shells and MCP servers run: "auto" picks the strongest sandbox that works here; "none" runs them unsandboxed.',
  ),
  PermissionChoices: object('The user\'s choice per capability.', perCapability('The user\'s choice.'), Object.keys(CAPABILITIES)),
  PermissionCeilings: object(
    'The most permissive choice the app config allows per capability (read-only).',
    {
      ...perCapability('The most permissive choice allowed.'),
      webSearch: boolean('Whether web search may be switched on at all.'),
      sandbox: ref('SandboxChoice', 'Set when the app config fixes the sandbox: the only choice allowed.'),
    },
    [...Object.keys(CAPABILITIES), 'webSearch'],
  ),
  Settings: object(
    'What the user chose. Never contains secrets.',
    {
      model: ref('ModelRef', 'The chat model; unset uses the app config\'s default.'),
      smallModel: ref('ModelRef', 'Model for small chores (titles, summaries); unset lets OpenCode choose.'),
      enabledProviders: array('Provider ids the user switched on; unset means every provider the config offers.', ref('ProviderId', 'A provider id.'), {
        uniqueItems: true,
      }),
      permissions: ref('PermissionChoices', 'Choice per capability (fresh profiles start on "ask").'),
      permissionCeilings: ref('PermissionCeilings', 'The app config\'s maxima; choices above them are refused.'),
      webSearch: boolean('Whether OpenCode may search the web (queries go to a hosted search service).'),
      sandbox: ref('SandboxChoice', 'The sandbox the runtime is started in (the config\'s fixed one when it sets one). A host started with --sandbox uses that instead.'),
      appearance: ref('Appearance', 'Colour scheme.'),
      language: text('BCP 47 tag of the UI language; unset follows the OS and the app config.', { pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$' }),
    },
    ['permissions', 'permissionCeilings', 'webSearch', 'sandbox', 'appearance'],
  ),
  TelemetrySwitch: object(
    'Whether usage events are recorded (the config\'s telemetry.collect), and whether the user may change it.',
    {
      on: boolean('Events are recorded now (kept on this computer, forwarded only when the config also sets a collector).'),
      lockedBy: oneOfStrings(
        ['managed', 'host'],
        'Set when the user cannot change it: "managed" — the administrator\'s OS-managed config sets telemetry.collect; "host" — the app embedding the host switched telemetry off.',
      ),
      file: string('The user config file the switch writes (home as ~); absent when the host has no user layer.'),
    },
    ['on'],
  ),
  SettingsPatch: object(
    'Changes to settings: absent fields stay as they are, null clears a value back to its default.',
    {
      model: nullable(ref('ModelRef', 'The new chat model.'), 'The chat model.'),
      smallModel: nullable(ref('ModelRef', 'The new small model.'), 'The small-chores model.'),
      enabledProviders: nullable(
        array('Provider ids to switch on.', ref('ProviderId', 'A provider id.'), { uniqueItems: true }),
        'Providers switched on.',
      ),
      permissions: object(
        'New choices for some capabilities (null: back to "ask"); a choice above the config maximum fails with PERMISSION_CEILING.',
        Object.fromEntries(
          Object.entries(CAPABILITIES).map(([key, label]) => [key, nullable(ref('PermissionChoice', 'The new choice.'), `${label} The new choice.`)]),
        ),
      ),
      webSearch: nullable(boolean('Web search on or off.'), 'Web search (null: back to the default, on when the config allows it).'),
      sandbox: nullable(ref('SandboxChoice', 'The new sandbox choice.'), 'Sandbox (null: back to "auto"); another than the config\'s fixed one fails with PERMISSION_CEILING. The runtime restarts.'),
      appearance: nullable(ref('Appearance', 'The new colour scheme.'), 'Colour scheme (null: back to "system").'),
      language: nullable(text('A BCP 47 language tag.', { pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$' }), 'The UI language.'),
    },
  ),
} as const satisfies Record<string, JsonSchema>;
