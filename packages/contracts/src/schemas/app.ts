// What a client needs to render the product: identity, public branding, strings and which
// features are on. Only the public parts of the app config: never secrets, paths or URLs of
// private services.

import type { JsonSchema } from '../contract.js';
import { anyJson, array, boolean, integer, literal, map, object, oneOfStrings, ref, string, text } from './build.js';

/** Colour overrides of the cloud palette (cloud.publicBranding.theme), by key: [kind of value, meaning]. */
const THEME_KEYS = {
  background: ['CssColor', 'App background.'],
  surface: ['CssColor', 'Panels and cards.'],
  elevated: ['CssColor', 'Raised surfaces such as menus and dialogs.'],
  text: ['CssColor', 'Primary text.'],
  mutedText: ['CssColor', 'Secondary and helper text.'],
  border: ['CssColor', 'Borders and dividers.'],
  accent: ['CssColor', 'Primary accent (buttons, highlights).'],
  accent2: ['CssColor', 'Secondary accent.'],
  accentHover: ['CssColor', 'Accent on hover.'],
  accentForeground: ['CssColor', 'Text on accent backgrounds.'],
  success: ['CssColor', 'Success states.'],
  warning: ['CssColor', 'Warning states.'],
  danger: ['CssColor', 'Errors and destructive actions.'],
  info: ['CssColor', 'Informational states.'],
  mutedSurface: ['CssColor', 'Muted background of secondary panels.'],
  accentSoft: ['CssValue', 'Faint accent wash behind selected items.'],
  accentLine: ['CssValue', 'Accent-tinted border.'],
  accentStrong: ['CssColor', 'Stronger accent for pressed states.'],
  focus: ['CssColor', 'Focus ring.'],
  warn: ['CssColor', 'Warning tone (upstream\'s name).'],
  ok: ['CssColor', 'Success tone (upstream\'s name).'],
  surfaceHover: ['CssColor', 'Surface under the pointer.'],
  surfaceActive: ['CssValue', 'Surface of a pressed or selected item.'],
  borderSubtle: ['CssColor', 'Faint separators.'],
  borderStrong: ['CssColor', 'Emphasised borders.'],
  textSecondary: ['CssColor', 'Secondary text.'],
  green: ['CssColor', 'Green tone (success).'],
  amber: ['CssColor', 'Amber tone (warning).'],
  red: ['CssColor', 'Red tone (danger).'],
  shadowCard: ['CssValue', 'Box shadow of cards.'],
  shadowElevated: ['CssValue', 'Box shadow of menus and dialogs.'],
  bgImage: ['CssValue', 'Window background image: a gradient or "none".'],
} as const;

/** The design tokens of one colour scheme of a named theme (branding.themes[].dark/light). */
const THEME_TOKENS = {
  base: 'Window background behind everything.',
  surface: 'Panels and cards.',
  surfaceHover: 'Surface under the pointer.',
  surfaceActive: 'Surface of a pressed or selected item.',
  elevated: 'Menus and dialogs.',
  border: 'Borders and dividers.',
  borderSubtle: 'Faint separators.',
  borderStrong: 'Emphasised borders (optional).',
  text: 'Primary text.',
  textSecondary: 'Secondary text.',
  textMuted: 'Helper and placeholder text.',
  accent: 'Brand accent.',
  accentHover: 'Accent under the pointer.',
  green: 'Success states.',
  amber: 'Warning states.',
  red: 'Errors and destructive actions.',
  info: 'Informational states.',
  accentForeground: 'Text on accent backgrounds.',
  shadowCard: 'Box shadow of cards.',
  shadowElevated: 'Box shadow of menus and dialogs.',
  bgImage: 'Window background image: a gradient or "none".',
} as const;

const SAFE_LINK = '^(https://[^\\s]+|mailto:[^\\s@]+@[^\\s@]+\\.[^\\s@]+)$';

export const APP_DEFS = {
  CssColor: string('A CSS colour: hex, rgb()/rgba()/hsl()/hsla(), or a colour keyword such as "transparent".', {
    maxLength: 128,
    pattern: '^(#([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|(rgb|rgba|hsl|hsla)\\([#A-Za-z0-9.,% /-]+\\)|[A-Za-z]+)$',
  }),
  CssValue: string('A CSS value for a theme token: colours, color-mix(), gradients, shadows or "none"; never url() or other resource-loading functions.', {
    minLength: 1,
    maxLength: 4096,
    pattern: '^(?![\\s\\S]*(url|image|image-set|element|expression|src)\\s*\\()[#A-Za-z0-9(),.%\\s/+-]+$',
  }),
  Theme: object(
    'Colour overrides; unset keys keep the default palette.',
    Object.fromEntries(Object.entries(THEME_KEYS).map(([key, [kind, what]]) => [key, ref(kind, what)])),
  ),
  ThemeTokens: object(
    'Design-token values of one colour scheme of a named theme.',
    Object.fromEntries(Object.entries(THEME_TOKENS).map(([key, what]) => [key, ref('CssValue', what)])),
    Object.keys(THEME_TOKENS).filter((key) => key !== 'borderStrong'),
  ),
  BrandTheme: object(
    'A named theme the theme picker offers (branding.themes).',
    {
      id: text('Theme id; defaultTheme and the user\'s choice refer to it.', { maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' }),
      label: text('Name in the picker.', { maxLength: 64 }),
      description: string('One line under the name.'),
      swatches: array('Preview colours, in order.', ref('CssColor', 'One colour.'), { maxItems: 8 }),
      dark: ref('ThemeTokens', 'Tokens of the dark colour scheme.'),
      light: ref('ThemeTokens', 'Tokens of the light colour scheme; unset offers the theme in dark only.'),
    },
    ['id', 'label', 'dark'],
  ),
  SidebarBranding: object('The brand block at the top of the sidebar and the note at its bottom.', {
    top: object('The brand block at the top.', {
      variant: oneOfStrings(['icon', 'text', 'icon-text', 'logo', 'logo-text'], 'Which elements to show; a logo variant without logoUrl falls back to the icon, then the text.'),
      icon: text('A short mark (an emoji or up to 16 characters) shown as the icon in the icon variants; unset shows the app icon.', { maxLength: 16 }),
      logoUrl: text('The logo image, as a data: URL the renderer can show without file access (logo variants).'),
      mediaSize: integer('Icon or logo size in pixels.', { minimum: 16, maximum: 96 }),
      mediaFit: oneOfStrings(['bounded', 'vertical', 'horizontal'], '"bounded" (like unset) keeps a square box, "vertical" fixes the height, "horizontal" the width.'),
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
      shortName: text('Short form of the name for narrow places (branding.shortName, else the cloud short name).', { maxLength: 16 }),
      helpUrl: string('HTTPS link for Help entries.', { pattern: '^https://[^\\s]+$' }),
      supportUrl: string('Where to get support, for About and Help: an https:// page or a mailto: address.', { pattern: SAFE_LINK }),
      privacyUrl: string('HTTPS link to the privacy policy, for About and Help.', { pattern: '^https://[^\\s]+$' }),
      securityUrl: string('HTTPS link to the security page, for About and Help.', { pattern: '^https://[^\\s]+$' }),
      legalUrl: string('HTTPS link to the terms or legal notice, for About and Help.', { pattern: '^https://[^\\s]+$' }),
      docsBaseUrl: string('HTTPS base URL that in-app documentation links resolve against; unset uses the upstream documentation.', { pattern: '^https://[^\\s]+$' }),
      sidebar: ref('SidebarBranding', 'Sidebar branding.'),
      home: ref('HomeCopy', 'Home screen copy.'),
      theme: ref('Theme', 'Colour overrides.'),
      themes: array('Named themes the theme picker lists, in order (before the built-in ones).', ref('BrandTheme', 'One theme.')),
      defaultTheme: text('Theme for profiles that have not picked one: a themes id or a built-in theme; unknown ids fall back to the default theme.', {
        maxLength: 64,
        pattern: '^[a-z0-9][a-z0-9-]*$',
      }),
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
      rules: array('When set, these replace the client\'s built-in rules (toolTrace.rules).', ref('ToolTraceRule', 'One rule.')),
      additionalRules: array('Rules tried before the built-in ones (or before rules), in order.', ref('ToolTraceRule', 'One rule.')),
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
  DiagnosticVersions: object(
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
  Diagnostics: object(
    'What a bug report needs: versions, the runtime\'s status and the recent log. Never secrets.',
    {
      versions: ref('DiagnosticVersions', 'Versions of the moving parts.'),
      runtime: ref('RuntimeStatus', 'The runtime\'s status now.'),
      dataDir: text('The app\'s data folder on the host machine, with the user\'s home folder shown as ~.'),
      logs: array('The most recent log lines (at most 200), oldest first.', ref('DiagnosticLogLine', 'One line.'), { maxItems: 200 }),
      telemetry: ref('TelemetryStatus', 'Whether telemetry is recorded and forwarded.'),
    },
    ['versions', 'runtime', 'dataDir', 'logs'],
  ),
  TelemetryStatus: object(
    'Telemetry as this host runs it: on or off, where the daily event files are, and whether events are forwarded. Never the collector\'s path, query or header values.',
    {
      enabled: boolean('Events are recorded. False when the off switch (telemetry.collect: false) is set: nothing is written or forwarded.'),
      directory: text('Folder of the daily NDJSON event files on the host machine, with the user\'s home folder shown as ~.'),
      retentionDays: integer('Event files older than this many days are deleted.', { minimum: 1 }),
      forwarding: object(
        'Forwarding of sanitised events to a remote collector (telemetry.enabled with an endpoint).',
        {
          configured: boolean('The config asks for forwarding (telemetry.enabled).'),
          active: boolean('Events are being forwarded: configured, telemetry on, an endpoint and every header value set.'),
          origin: text('The collector\'s scheme and host, e.g. "https://events.example.com" (no path, query or credentials).'),
          headers: array('Names of the headers sent with each request; their values are secrets and never shown.', text('A header name.')),
          sent: integer('Requests the collector accepted since the host started.', { minimum: 0 }),
          failed: integer('Requests that failed or timed out since the host started.', { minimum: 0 }),
          dropped: integer('Events dropped since the host started because the forwarding queue was full.', { minimum: 0 }),
          problem: string('Why forwarding is configured but off, e.g. no endpoint or a header whose {env:…} variable is unset.'),
        },
        ['configured', 'active', 'headers', 'sent', 'failed', 'dropped'],
      ),
    },
    ['enabled', 'directory', 'retentionDays', 'forwarding'],
  ),
  DiagnosticsBundle: object(
    'Everything a support request needs, as one JSON document: secrets masked or blanked out, credentials only as "set", the user\'s home folder as ~. At most about 1 MB; the log is cut first.',
    {
      format: literal('open-cowork-diagnostics/1', 'What this document is, and its version.'),
      generatedAt: text('When the bundle was made (ISO 8601, UTC).'),
      versions: ref('DiagnosticVersions', 'Versions of the moving parts.'),
      runtime: ref('RuntimeStatus', 'The runtime\'s status when the bundle was made.'),
      dataDir: text('The app\'s data folder, with the user\'s home folder shown as ~.'),
      config: anyJson('The effective app config. Every secret value is masked; values that came from {env:NAME} placeholders show the placeholder, not the value.'),
      configLayers: array(
        'The config layers that were found, lowest first.',
        object(
          'One layer.',
          {
            kind: text('Which layer (default, config-path, downstream, user, managed).'),
            file: text('Its file, with the user\'s home folder shown as ~.'),
            status: oneOfStrings(['applied', 'rejected', 'absent', 'ignored'], 'What the loader did with it.'),
            issues: integer('Problems found in it.', { minimum: 0 }),
          },
          ['kind', 'status', 'issues'],
        ),
      ),
      settings: ref('Settings', 'The user\'s settings (they never hold secrets).'),
      credentials: object(
        'Which credentials are stored, by provider and by MCP server: key names only, never values or masks.',
        {
          providers: map('Provider id to the keys stored for it.', array('Stored keys.', text('A credential key.'))),
          mcps: map('MCP server name to the keys stored for it.', array('Stored keys.', text('A credential key.'))),
        },
        ['providers', 'mcps'],
      ),
      providers: array(
        'The providers the app offers, connected or not, with their model catalog\'s state.',
        object(
          'One provider.',
          {
            id: ref('ProviderId', 'The provider.'),
            connected: boolean('Usable now.'),
            models: integer('Models listed.', { minimum: 0 }),
            catalog: ref('ModelCatalogStatus', 'Its dynamic catalog, when it has one.'),
          },
          ['id', 'connected', 'models'],
        ),
      ),
      mcps: array(
        'MCP servers by name and status (no commands, URLs, headers or environment).',
        object(
          'One server.',
          {
            name: text('Server name.'),
            source: oneOfStrings(['bundled', 'custom'], 'Shipped in the app config, or added by the user.'),
            type: oneOfStrings(['local', 'remote'], 'Child process or HTTP.'),
            status: ref('McpState', 'Status when the bundle was made.'),
            error: string('Why it failed, when it did (redacted).'),
            configured: boolean('False while a required credential is missing.'),
          },
          ['name', 'source', 'type', 'status', 'configured'],
        ),
      ),
      telemetry: ref('TelemetryStatus', 'Telemetry state.'),
      logs: array('Recent log lines of the host, its runtime and MCP servers, oldest first, redacted.', ref('DiagnosticLogLine', 'One line.')),
      truncated: object(
        'What was left out to keep the bundle under its size cap.',
        {
          logLines: integer('Oldest log lines left out.', { minimum: 0 }),
          config: boolean('The config was left out (it alone was too big).'),
        },
        ['logLines', 'config'],
      ),
    },
    ['format', 'generatedAt', 'versions', 'runtime', 'dataDir', 'config', 'configLayers', 'settings', 'credentials', 'providers', 'mcps', 'telemetry', 'logs', 'truncated'],
  ),
  Health: object(
    'Whether the app is ready to work: the runtime, and each capability with where it comes from.',
    {
      runtime: ref('RuntimeStatus', 'The runtime\'s status now (its version, sandbox and since when it is ready).'),
      capabilities: array('Providers, MCP servers, skills and agents, in that order.', ref('HealthCapability', 'One capability.')),
    },
    ['runtime', 'capabilities'],
  ),
  HealthCapability: object(
    'One capability: whether it is ready, and which layer or part of the app it comes from.',
    {
      kind: oneOfStrings(['provider', 'mcp', 'skill', 'agent'], 'What it is.'),
      name: text('Its id (provider id, server name, skill name, agent name).'),
      label: string('Display name, when it has one apart from its id.'),
      ready: boolean('Usable now.'),
      state: oneOfStrings(
        ['ready', 'not-connected', 'needs-credentials', 'failed', 'disabled', 'needs-auth', 'runtime-not-ready', 'provider-not-connected'],
        'Why it is or is not ready: "ready"; a provider without its key or sign-in ("not-connected"); an MCP server missing a credential, failed, disabled or waiting for its OAuth ("needs-credentials", "failed", "disabled", "needs-auth"); anything while the runtime is not ready; an agent whose own model\'s provider is not connected.',
      ),
      problem: string('What went wrong, when the runtime said (an MCP server\'s error), redacted.'),
      origin: oneOfStrings(
        ['bundled', 'config-path', 'downstream', 'user', 'managed', 'custom', 'built-in'],
        'Where it comes from: the app\'s own config ("bundled"), the file OPEN_COWORK_CONFIG_PATH names ("config-path"), the downstream build\'s config, the user\'s config file ("user"), the OS-managed (MDM) config ("managed"), added in the app ("custom"), or OpenCode\'s own ("built-in").',
      ),
    },
    ['kind', 'name', 'ready', 'state', 'origin'],
  ),
  RunnerInfo: object(
    'Whether a runner (`open-cowork runner`) of this data dir is running, and which gateway it serves. Never its token.',
    {
      running: boolean('A runner of this data dir is running now (its recorded process is alive).'),
      gateway: text('running: the gateway it takes tasks from (scheme, host, port and path; never credentials).'),
      workspaces: array(
        'running: the workspaces it serves, by the label the gateway knows them by.',
        object('One workspace.', { label: text('The label tasks name.'), path: text('The folder on this machine.') }, ['label', 'path']),
      ),
      host: text('running: the host its tasks run on: "own" for a host inside the runner, else the running host\'s URL.'),
      pid: integer('running: its process id.', { minimum: 1 }),
      since: ref('Timestamp', 'running: when it started.'),
    },
    ['running'],
  ),
} as const satisfies Record<string, JsonSchema>;
