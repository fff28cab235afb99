// What a client needs to render the product: identity, public branding, strings and which
// features are on. Only the public parts of the app config: never secrets, paths or URLs of
// private services.

import type { JsonSchema } from '../contract.js';
import { array, boolean, integer, map, object, oneOfStrings, ref, string, text } from './build.js';

const THEME_KEYS = {
  background: 'App background.',
  surface: 'Panels and cards.',
  elevated: 'Raised surfaces such as menus and dialogs.',
  text: 'Primary text.',
  mutedText: 'Secondary and helper text.',
  border: 'Borders and dividers.',
  accent: 'Primary accent (buttons, highlights).',
  accent2: 'Secondary accent.',
  accentHover: 'Accent on hover.',
  accentForeground: 'Text on accent backgrounds.',
  success: 'Success states.',
  warning: 'Warning states.',
  danger: 'Errors and destructive actions.',
  info: 'Informational states.',
} as const;

export const APP_DEFS = {
  CssColor: string('A CSS colour: hex (#rgb, #rgba, #rrggbb, #rrggbbaa) or rgb()/rgba()/hsl()/hsla().', {
    pattern: '^(#([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|(rgb|rgba|hsl|hsla)\\([0-9.,% /]+\\))$',
  }),
  Theme: object(
    'Colour overrides; unset keys keep the default palette.',
    Object.fromEntries(Object.entries(THEME_KEYS).map(([key, what]) => [key, ref('CssColor', what)])),
  ),
  SidebarBranding: object('The brand block at the top of the sidebar and the note at its bottom.', {
    top: object('The brand block at the top.', {
      variant: oneOfStrings(['icon', 'text', 'icon-text', 'logo', 'logo-text'], 'Which elements to show.'),
      logoUrl: text('The logo image, as a data: URL the renderer can show without file access (logo variants).'),
      mediaSize: integer('Icon or logo size in pixels.', { minimum: 16, maximum: 96 }),
      mediaFit: oneOfStrings(['vertical', 'horizontal'], '"vertical" fixes the height, "horizontal" the width; unset keeps a square box.'),
      mediaAlign: oneOfStrings(['start', 'center', 'end'], 'Horizontal placement in icon-only and logo-only variants.'),
      title: text('Title next to the media; unset uses the product name.'),
      subtitle: text('Smaller line beneath the title.'),
      ariaLabel: text('Accessible label for the block.'),
    }),
    lower: object('Optional note and link at the bottom.', {
      text: text('Primary note text.'),
      secondaryText: text('Smaller second line.'),
      linkLabel: text('Text of the link.'),
      linkUrl: string('Link target (https: or mailto:).', { pattern: '^(https://|mailto:)[^\\s]+$' }),
    }),
  }),
  HomeCopy: object('Copy on the Home screen; {{brand}} stands for the product name. i18n strings for the same keys take precedence.', {
    greeting: text('Main heading.'),
    subtitle: text('Line under the greeting.'),
    composerPlaceholder: text('Placeholder of the empty composer.'),
    suggestionLabel: text('Heading above suggested prompts.'),
    statusReadyLabel: text('Status text when the runtime is ready.'),
  }),
  PublicBranding: object(
    'The public parts of the branding.',
    {
      name: text('Product name in the title bar, menus and copy; replaces {{brand}}.'),
      productName: text('Product name on web pages (cloud branding); defaults to name.'),
      shortName: text('Abbreviation of up to four characters.', { maxLength: 4 }),
      helpUrl: string('HTTPS link for Help entries.', { pattern: '^https://[^\\s]+$' }),
      sidebar: ref('SidebarBranding', 'Sidebar branding.'),
      home: ref('HomeCopy', 'Home screen copy.'),
      theme: ref('Theme', 'Colour overrides.'),
    },
    ['name', 'productName'],
  ),
  Localization: object(
    'Locale and UI string overrides.',
    {
      locale: text('BCP 47 locale for number and date formatting.', { pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$' }),
      strings: map('UI strings by message key (e.g. "home.greeting"); missing keys fall back to built-in English.', string('Translated text; {{brand}} stands for the product name.')),
    },
    ['locale', 'strings'],
  ),
  Features: object(
    'Which product surfaces are switched on.',
    {
      updates: boolean('The app checks for updates.'),
      telemetry: boolean('Sanitised telemetry is forwarded to a collector.'),
      webSearch: boolean('The config allows web search at all (see also Settings.webSearch).'),
      signIn: boolean('Users must sign in.'),
    },
    ['updates', 'telemetry', 'webSearch', 'signIn'],
  ),
  ToolTraceMatcher: object(
    'Conditions on a tool name; every listed field must match (exact: one of the names; prefixes: starts with one; contains: includes one).',
    {
      exact: array('Tool names matched exactly.', text('A tool name.')),
      prefixes: array('Tool name prefixes.', text('A prefix.')),
      contains: array('Substrings of the tool name.', text('A substring.')),
    },
  ),
  ToolTraceRule: object(
    'Groups matching tool calls into one trace summary in the chat.',
    {
      id: text('Stable rule id.'),
      label: text('Summary label for one call.'),
      pluralLabel: text('Summary label for several calls.'),
      match: array('The rule applies when any matcher matches.', ref('ToolTraceMatcher', 'One matcher.')),
    },
    ['id', 'label', 'match'],
  ),
  ToolTrace: object(
    'How the chat groups tool calls into trace summaries.',
    {
      additionalRules: array('Rules tried before the built-in ones, in order.', ref('ToolTraceRule', 'One rule.')),
    },
    ['additionalRules'],
  ),
  AppInfo: object(
    'Who the app is and what it shows.',
    {
      name: text('Product name (branding.name).'),
      version: text('App version.'),
      contractVersion: integer('Version of this host contract (HOST_CONTRACT_VERSION); a client refuses a host with another major version.', {
        minimum: 1,
      }),
      branding: ref('PublicBranding', 'Public branding.'),
      i18n: ref('Localization', 'Locale and strings.'),
      features: ref('Features', 'Switched-on surfaces.'),
      toolTrace: ref('ToolTrace', 'Tool-call grouping rules for the chat.'),
    },
    ['name', 'version', 'contractVersion', 'branding', 'i18n', 'features', 'toolTrace'],
  ),
  DiagnosticLogLine: object(
    'One line of the host\'s recent log, secrets already blanked out.',
    {
      time: ref('Timestamp', 'When it was logged.'),
      level: oneOfStrings(['debug', 'info', 'warn', 'error'], 'Severity.'),
      source: oneOfStrings(['host', 'http', 'runtime', 'mcp', 'cli'], 'Which part of the app wrote it: the host, its HTTP server, the OpenCode runtime, an MCP server (through the runtime) or the command line.'),
      message: string('The line, with its details appended as key=value; the user\'s home folder appears as ~.'),
    },
    ['time', 'level', 'source', 'message'],
  ),
  Diagnostics: object(
    'What a bug report needs: versions, the runtime\'s status and the recent log. Never secrets.',
    {
      versions: object(
        'Versions of the moving parts.',
        {
          app: text('App version.'),
          contract: integer('Host contract version (HOST_CONTRACT_VERSION).', { minimum: 1 }),
          opencode: text('Version of the OpenCode runtime, once one has started.'),
          node: text('Node.js version the host runs on.'),
          platform: text('Operating system, as Node names it (darwin, linux, win32).'),
          arch: text('CPU architecture, as Node names it (arm64, x64).'),
        },
        ['app', 'contract', 'node', 'platform', 'arch'],
      ),
      runtime: ref('RuntimeStatus', 'The runtime\'s status now.'),
      dataDir: text('The app\'s data folder on the host machine, with the user\'s home folder shown as ~.'),
      logs: array('The most recent log lines (at most 200), oldest first.', ref('DiagnosticLogLine', 'One line.'), { maxItems: 200 }),
    },
    ['versions', 'runtime', 'dataDir', 'logs'],
  ),
} as const satisfies Record<string, JsonSchema>;
