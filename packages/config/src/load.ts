import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OpenCoworkConfig } from './generated/config-types.js';
import { ConfigErrorCode, type ConfigIssue } from './issues.js';
import { fileIssue, prepareLayer, readLayerFile, type LayerSource } from './layer-file.js';
import { APP_ICON_POINTER, LOGO_ASSET_POINTER } from './layer-checks.js';
import { mergeLayer } from './merge.js';
import type { LayerKind } from './merge-rules.js';
import type { SourceLocator } from './parse.js';
import { configPathSource, downstreamSource, firstExisting, jsonCandidates, shippedDownstreamRoot } from './discover.js';
import { defaultUserDataDir, managedConfigPaths, nonEmpty, userConfigStem, type Env } from './paths.js';
import { getAtPointer, isPlainObject, joinPointer } from './pointer.js';
import { Provenance, type LayerRef } from './provenance.js';
import { toSchemaIssues } from './schema-issues.js';
import { MASK } from './secrets.js';
import { semanticIssues } from './semantic.js';
import { obj, str } from './shape.js';
import { validateResolved } from './validators.js';

export interface LoadOptions {
  /** The built-in default config shipped with the app. A `downstream/` folder beside it is the shipped downstream root. */
  readonly defaultConfigPath: string;
  /** Environment for OPEN_COWORK_* locations and {env:NAME} placeholders. */
  readonly env?: Env;
  readonly platform?: NodeJS.Platform;
  readonly homeDir?: string;
  /** Base for relative OPEN_COWORK_* paths. */
  readonly cwd?: string;
  /**
   * The per-user app data directory (the desktop passes Electron's userData). Otherwise
   * OPEN_COWORK_USER_DATA_DIR, otherwise the platform's location for the brand. When either
   * is given, the user's config file is `config.json` in it; otherwise it is
   * `~/.config/<dataDirName>/config.json` on every platform, as upstream.
   */
  readonly userDataDir?: string;
  /** Overrides the OS-managed file locations (tests; platform default otherwise). */
  readonly managedConfigPaths?: readonly string[];
  /**
   * Overrides the folder that holds each brand's managed folder (`/etc` on Linux), so tests
   * can exercise how the brand's folder is chosen. Never set from the environment.
   */
  readonly managedConfigRoot?: string;
  /**
   * Validate exactly these files over the built-in default instead of discovering layers
   * (`open-cowork config validate --file`).
   */
  readonly onlyFiles?: readonly { readonly kind: Exclude<LayerKind, 'default'>; readonly file: string; readonly label?: string }[];
}

export type LayerStatus = 'applied' | 'rejected' | 'absent' | 'ignored';

export interface LayerReport extends LayerRef {
  readonly status: LayerStatus;
  readonly issues: readonly ConfigIssue[];
}

export interface LoadResult {
  /** The effective config with schema defaults filled in; undefined when loading failed closed. */
  readonly config: OpenCoworkConfig | undefined;
  /** True when no layer had an error (warnings allowed). */
  readonly ok: boolean;
  /** The default layer or an OS-managed layer was invalid: the app must not start on a guess. */
  readonly failedClosed: boolean;
  /** Every problem of every layer, lowest layer first. */
  readonly issues: readonly ConfigIssue[];
  readonly layers: readonly LayerReport[];
  readonly provenance: Provenance;
  /** Absolute paths of branding assets of the effective config, checked to exist. */
  readonly assets: { readonly sidebarLogo?: string; readonly appIcon?: string };
  /**
   * For effective values that came from {env:NAME} placeholders: the text as written
   * (e.g. "Bearer {env:ACME_TOKEN}"), keyed by pointer. Show this, never the value.
   */
  readonly placeholders: ReadonlyMap<string, string>;
  /** The per-user app data directory: settings, sessions and the runtime's home live here. */
  readonly dataDir: string;
}

/** Loads, checks and merges every configuration layer. Never throws for bad config. */
export function loadConfig(options: LoadOptions): LoadResult {
  return new ConfigLoad(options).run();
}

const DATA_DIR_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const FALLBACK_DATA_DIR_NAME = 'open-cowork';

/** What applying one layer came to. */
interface Applied {
  readonly status: LayerStatus;
  /** False when a layer that must fail closed (default, managed) is broken. */
  readonly usable: boolean;
  /** The layer's own content, placeholders resolved, when it could be parsed. */
  readonly value?: Record<string, unknown>;
}

class ConfigLoad {
  private readonly env: Env;
  private readonly reports: LayerReport[] = [];
  private provenance = new Provenance();
  private merged: unknown;
  /** `merged` with schema defaults filled in, as the strict validation of the last layer left it. */
  private resolved: unknown;
  private readonly assetsByLayer = new Map<LayerRef, ReadonlyMap<string, string>>();
  private readonly templatesByLayer = new Map<LayerRef, ReadonlyMap<string, string>>();
  /** Every value read from the environment so far: redacted from all messages. */
  private readonly secrets = new Set<string>();
  private dataDir = '';

  constructor(private readonly options: LoadOptions) {
    this.env = options.env ?? process.env;
  }

  run(): LoadResult {
    const defaultSource: LayerSource = { kind: 'default', file: resolve(this.options.defaultConfigPath), required: true };
    if (!this.apply(defaultSource).usable) return this.result(true);
    // The folder of the OS-managed policy depends only on what the app ships: the built-in
    // default and the shipped downstream root. Layers a user can point at (config path,
    // downstream variables, the user file) never move it.
    const builtInName = this.effectiveDataDirName();

    if (this.options.onlyFiles !== undefined) {
      for (const { kind, file, label } of this.options.onlyFiles) {
        const source: LayerSource = { kind, file: resolve(this.cwd(), file), required: true, ...(label === undefined ? {} : { label }) };
        if (!this.apply(source).usable) return this.result(true);
      }
      this.dataDir = this.userDataDir(this.effectiveDataDirName()).dir;
      return this.result(false);
    }

    const configPath = configPathSource(this.env, this.cwd());
    if (configPath !== undefined) this.apply(configPath);

    const shippedRoot = shippedDownstreamRoot(this.options.defaultConfigPath);
    const downstream = downstreamSource(this.env, this.cwd(), shippedRoot);
    const notes = downstream.issues.filter((issue) => issue.severity === 'warning');
    for (const issue of downstream.issues) if (issue.severity === 'error') this.report({ kind: 'downstream', file: issue.file }, 'rejected', [issue]);
    let policyNames = [builtInName];
    if (downstream.source !== undefined) {
      const applied = this.apply(downstream.source, notes);
      const shippedName = downstream.source.shipped === true ? str(obj(applied.value?.['branding'])['dataDirName']) : undefined;
      if (shippedName !== undefined && DATA_DIR_NAME.test(shippedName)) {
        // A shipped layer that was rejected still names its brand: its administrator's
        // policy must not be missed because of an unrelated error in it.
        policyNames = applied.status === 'applied' ? [shippedName] : [builtInName, shippedName];
      }
    }

    const user = this.userDataDir(this.effectiveDataDirName());
    this.dataDir = user.dir;
    this.apply({ kind: 'user', file: user.configFile, required: false });

    const platform = this.platform();
    const managed =
      this.options.managedConfigPaths ??
      [...new Set(policyNames)].flatMap((name) =>
        managedConfigPaths(platform, name, this.options.managedConfigRoot).map((file) => firstExisting(jsonCandidates(file.replace(/\.json$/, '')))),
      );
    for (const file of managed) {
      if (!this.apply({ kind: 'managed', file, required: false }).usable) return this.result(true);
    }
    return this.result(false);
  }

  private effectiveDataDirName(): string {
    const name = str(obj(obj(this.merged)['branding'])['dataDirName']);
    return name !== undefined && DATA_DIR_NAME.test(name) ? name : FALLBACK_DATA_DIR_NAME;
  }

  /** The data dir and the user's config file, for the brand's data directory name. */
  private userDataDir(dataDirName: string): { dir: string; configFile: string } {
    const explicit = this.options.userDataDir ?? nonEmpty(this.env['OPEN_COWORK_USER_DATA_DIR']);
    const home = this.options.homeDir ?? homedir();
    if (explicit !== undefined) {
      const dir = resolve(this.cwd(), explicit);
      return { dir, configFile: firstExisting(jsonCandidates(join(dir, 'config'))) };
    }
    const platform = this.platform();
    return {
      dir: defaultUserDataDir(platform, this.env, home, dataDirName),
      configFile: firstExisting(jsonCandidates(userConfigStem(platform, home, dataDirName))),
    };
  }

  /** Reads, checks and merges one layer; `notes` are added to its report (warnings about how it was found). */
  private apply(source: LayerSource, notes: readonly ConfigIssue[] = []): Applied {
    const layer: LayerRef = { kind: source.kind, file: source.file };
    const reportsBefore = this.reports.length;
    const applied = this.applyLayer(source, layer);
    const own = this.reports[reportsBefore];
    if (notes.length > 0 && own !== undefined) this.reports[reportsBefore] = { ...own, issues: [...notes, ...own.issues] };
    return applied;
  }

  private applyLayer(source: LayerSource, layer: LayerRef): Applied {
    const failsClosed = source.kind === 'default' || source.kind === 'managed';
    const read = readLayerFile(source);
    if (read.status === 'absent' || read.status === 'ignored') {
      this.report(layer, read.status, read.status === 'ignored' ? [read.issue] : []);
      return { status: read.status, usable: true };
    }
    if (read.status === 'failed') {
      this.reject(layer, [read.issue]);
      return { status: 'rejected', usable: !failsClosed };
    }

    const prepared = prepareLayer(read.text, layer, this.env);
    for (const secret of prepared.secrets) this.secrets.add(secret);
    if (prepared.value === undefined) {
      this.reject(layer, prepared.issues, prepared.locator);
      return { status: 'rejected', usable: !failsClosed };
    }

    const provenance = this.provenance.clone();
    const candidate = mergeLayer(this.merged, prepared.value, layer, provenance, prepared.mergedLists);
    // The merged result is checked even when the file alone already failed (an unknown key,
    // a bad value), so that one run lists every problem; a problem the file's own check
    // reported at the same place is not reported a second time.
    const strict = validateResolved(candidate);
    const mergedIssues = [
      ...(strict.valid ? [] : toSchemaIssues(strict.errors, { file: layer.file, data: candidate })),
      ...semanticIssues(candidate, layer.file),
    ].map((issue) => this.traceBack(inheritedReference(issue, layer, provenance), layer, provenance, prepared.locator));
    const reported = new Set(prepared.issues.map((issue) => issue.pointer));
    const issues = [...prepared.issues, ...mergedIssues.filter((issue) => !reported.has(issue.pointer))];
    if (issues.some((issue) => issue.severity === 'error')) {
      this.reject(layer, issues, prepared.locator);
      return { status: 'rejected', usable: !failsClosed, value: prepared.value };
    }

    this.merged = candidate;
    this.resolved = strict.withDefaults;
    this.provenance = provenance;
    this.assetsByLayer.set(layer, prepared.assets);
    this.templatesByLayer.set(layer, prepared.templates);
    this.report(layer, 'applied', issues);
    return { status: 'applied', usable: true, value: prepared.value };
  }

  /**
   * An issue found in the merged config points into the merged document; point it back into
   * the file of the layer that introduced it, where that layer wrote the value or its parent.
   */
  private traceBack(issue: ConfigIssue, layer: LayerRef, provenance: Provenance, locator: SourceLocator): ConfigIssue {
    const near = provenance.nearest(issue.pointer, (origin) => origin.layer === layer);
    if (near === undefined) {
      return { ...issue, message: `${issue.message} (found in the merged configuration at ${issue.pointer || 'the top level'})` };
    }
    const pointer = near.sourcePointer;
    // Messages name places by pointer too: speak in the file's terms there as well.
    const message =
      near.pointer === near.origin.sourcePointer || near.pointer === ''
        ? issue.message
        : issue.message.replace(new RegExp(`${escapeRegExp(near.pointer)}(?![^/\\s"',.)])`, 'g'), near.origin.sourcePointer);
    return { ...issue, pointer, message, ...locator.locate(pointer) };
  }

  private reject(layer: LayerRef, issues: readonly ConfigIssue[], locator?: SourceLocator): void {
    const located = issues.map((issue) =>
      issue.line === undefined && locator !== undefined && issue.file === layer.file ? { ...issue, ...locator.locate(issue.pointer) } : issue,
    );
    const summary = this.rejectionSummary(layer);
    this.report(layer, 'rejected', summary === undefined ? located : [...located, summary]);
  }

  private rejectionSummary(layer: LayerRef): ConfigIssue | undefined {
    if (layer.kind === 'managed') {
      return fileIssue(
        ConfigErrorCode.ManagedLayerInvalid,
        layer.file,
        'The OS-managed (administrator) config is invalid; Open Cowork will not start without the policy it sets. Ask your administrator to fix the errors above.',
      );
    }
    if (layer.kind === 'default') {
      return fileIssue(ConfigErrorCode.DefaultLayerInvalid, layer.file, 'The built-in default config is invalid; this build cannot start.');
    }
    return undefined;
  }

  private report(layer: LayerRef, status: LayerStatus, issues: readonly ConfigIssue[]): void {
    this.reports.push({ ...layer, status, issues: issues.map((issue) => this.redact(issue)) });
  }

  /** Messages quote offending values; a value that came from the environment is never quoted. */
  private redact(issue: ConfigIssue): ConfigIssue {
    let message = issue.message;
    for (const secret of this.secrets) message = message.split(secret).join(MASK);
    return message === issue.message ? issue : { ...issue, message };
  }

  private result(failedClosed: boolean): LoadResult {
    const issues = this.reports.flatMap((report) => report.issues);
    const ok = !failedClosed && !issues.some((issue) => issue.severity === 'error');
    if (failedClosed || this.resolved === undefined) {
      return {
        config: undefined,
        ok: false,
        failedClosed: true,
        issues,
        layers: this.reports,
        provenance: this.provenance,
        assets: {},
        placeholders: new Map(),
        dataDir: this.dataDir,
      };
    }
    const withDefaults = this.resolved;
    recordDefaults(withDefaults, this.provenance, '');
    return {
      config: withDefaults as OpenCoworkConfig,
      ok,
      failedClosed: false,
      issues,
      layers: this.reports,
      provenance: this.provenance,
      assets: this.assets(withDefaults),
      placeholders: this.placeholders(withDefaults),
      dataDir: this.dataDir,
    };
  }

  /** Maps every effective string that came from a placeholder to the text its layer wrote. */
  private placeholders(config: unknown): Map<string, string> {
    const found = new Map<string, string>();
    const visit = (value: unknown, pointer: string): void => {
      if (typeof value === 'string') {
        const near = this.provenance.nearest(pointer, () => true);
        const template = near === undefined ? undefined : this.templatesByLayer.get(near.origin.layer)?.get(near.sourcePointer);
        if (template !== undefined) found.set(pointer, template);
      } else if (Array.isArray(value)) value.forEach((item, index) => visit(item, joinPointer(pointer, index)));
      else if (isPlainObject(value)) for (const [key, child] of Object.entries(value)) visit(child, joinPointer(pointer, key));
    };
    visit(config, '');
    return found;
  }

  private assets(config: unknown): LoadResult['assets'] {
    const found = (pointer: string): string | undefined => {
      const origin = this.provenance.get(pointer);
      const file = origin === undefined ? undefined : this.assetsByLayer.get(origin.layer)?.get(origin.sourcePointer);
      return file !== undefined && getAtPointer(config, pointer).found ? file : undefined;
    };
    const sidebarLogo = found(LOGO_ASSET_POINTER);
    const appIcon = found(APP_ICON_POINTER);
    return { ...(sidebarLogo === undefined ? {} : { sidebarLogo }), ...(appIcon === undefined ? {} : { appIcon }) };
  }

  private platform(): NodeJS.Platform {
    return this.options.platform ?? process.platform;
  }

  private cwd(): string {
    return this.options.cwd ?? process.cwd();
  }
}

/**
 * A reference that a lower layer wrote and this layer broke (its own list replaced the one
 * that held the target) is a warning: the entry is left out of what refers to it, and this
 * file cannot fix the lower one. A reference this file wrote itself stays an error.
 */
function inheritedReference(issue: ConfigIssue, layer: LayerRef, provenance: Provenance): ConfigIssue {
  if (issue.code !== ConfigErrorCode.ReferenceUnknown || issue.severity !== 'error') return issue;
  const origin = provenance.nearest(issue.pointer, () => true)?.origin.layer;
  if (origin === undefined || origin === layer) return issue;
  return {
    ...issue,
    severity: 'warning',
    message: `${issue.message} The reference was inherited from the ${origin.kind} layer (${origin.file}) and is left out; this file's lists no longer provide what it names.`,
  };
}

const SCHEMA_DEFAULT: LayerRef = { kind: 'schema-default', file: 'open-cowork.config.schema.json' };

/** Values the schema's defaults filled in come from no file: record them as such. */
function recordDefaults(value: unknown, provenance: Provenance, pointer: string): void {
  if (provenance.get(pointer) === undefined) {
    provenance.set(pointer, { layer: SCHEMA_DEFAULT, sourcePointer: pointer });
  }
  if (Array.isArray(value)) value.forEach((item, index) => {
    if (isPlainObject(item) || Array.isArray(item)) recordDefaults(item, provenance, joinPointer(pointer, index));
  });
  else if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) recordDefaults(child, provenance, joinPointer(pointer, key));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

