import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OpenCoworkConfig } from './generated/config-types.js';
import { ConfigErrorCode, type ConfigIssue } from './issues.js';
import { fileIssue, prepareLayer, readLayerFile, type LayerSource } from './layer-file.js';
import { LOGO_ASSET_POINTER } from './layer-checks.js';
import { mergeLayer } from './merge.js';
import type { LayerKind } from './merge-rules.js';
import type { SourceLocator } from './parse.js';
import { defaultUserDataDir, managedConfigPaths, nonEmpty, type Env } from './paths.js';
import { getAtPointer, isPlainObject, joinPointer } from './pointer.js';
import { Provenance, type LayerRef } from './provenance.js';
import { toSchemaIssues } from './schema-issues.js';
import { MASK } from './secrets.js';
import { semanticIssues } from './semantic.js';
import { obj, str } from './shape.js';
import { validateResolved } from './validators.js';

export interface LoadOptions {
  /** The built-in default config shipped with the app. */
  readonly defaultConfigPath: string;
  /** Environment for OPEN_COWORK_* locations and {env:NAME} placeholders. */
  readonly env?: Env;
  readonly platform?: NodeJS.Platform;
  readonly homeDir?: string;
  /** Base for a relative OPEN_COWORK_CONFIG_PATH. */
  readonly cwd?: string;
  /**
   * Overrides the per-user app data directory (the desktop passes Electron's userData).
   * Otherwise OPEN_COWORK_USER_DATA_DIR, otherwise the platform's location for the brand.
   * (The OS-managed locations have no environment override: a user must not be able to
   * move an administrator's policy out of the way.)
   */
  readonly userDataDir?: string;
  /** Overrides the OS-managed file locations (tests; platform default otherwise). */
  readonly managedConfigPaths?: readonly string[];
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
  readonly assets: { readonly sidebarLogo?: string };
  /**
   * For effective values that came from {env:NAME} placeholders: the text as written
   * (e.g. "Bearer {env:ACME_TOKEN}"), keyed by pointer. Show this, never the value.
   */
  readonly placeholders: ReadonlyMap<string, string>;
}

/** Loads, checks and merges every configuration layer. Never throws for bad config. */
export function loadConfig(options: LoadOptions): LoadResult {
  return new ConfigLoad(options).run();
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
  /** branding.dataDirName of lower layers that were rejected (see the managed-file lookup). */
  private readonly rejectedDataDirNames: string[] = [];
  /** Every value read from the environment so far: redacted from all messages. */
  private readonly secrets = new Set<string>();

  constructor(private readonly options: LoadOptions) {
    this.env = options.env ?? process.env;
  }

  run(): LoadResult {
    const defaultSource: LayerSource = { kind: 'default', file: resolve(this.options.defaultConfigPath), required: true };
    if (!this.apply(defaultSource)) return this.result(true);

    if (this.options.onlyFiles !== undefined) {
      for (const { kind, file, label } of this.options.onlyFiles) {
        const source: LayerSource = { kind, file: resolve(this.cwd(), file), required: true, ...(label === undefined ? {} : { label }) };
        if (!this.apply(source) && kind === 'managed') return this.result(true);
      }
      return this.result(false);
    }

    const configPath = nonEmpty(this.env['OPEN_COWORK_CONFIG_PATH']);
    if (configPath !== undefined) this.apply({ kind: 'config-path', file: resolve(this.cwd(), configPath), required: true });
    const downstream = this.downstreamSource();
    if (downstream !== undefined) this.apply(downstream);

    // Where the user and managed files live depends on the brand's data directory name,
    // taken from the layers an end user cannot edit.
    const dataDirName = str(obj(obj(this.merged)['branding'])['dataDirName']) ?? 'open-cowork';
    const userDir =
      this.options.userDataDir ??
      nonEmpty(this.env['OPEN_COWORK_USER_DATA_DIR']) ??
      defaultUserDataDir(this.platform(), this.env, this.options.homeDir ?? homedir(), dataDirName);
    this.apply({ kind: 'user', file: join(userDir, 'config.json'), required: false });

    // A lower layer that was rejected may still be the one naming the brand's directory: an
    // administrator's policy for that brand must not be missed because of an unrelated error.
    const names = [dataDirName, ...this.rejectedDataDirNames].filter((name, index, all) => all.indexOf(name) === index);
    const managed = this.options.managedConfigPaths ?? names.flatMap((name) => managedConfigPaths(this.platform(), this.env, name));
    for (const file of managed) {
      if (!this.apply({ kind: 'managed', file, required: false })) return this.result(true);
    }
    return this.result(false);
  }

  private downstreamSource(): LayerSource | undefined {
    const downstreamRoot = nonEmpty(this.env['OPEN_COWORK_DOWNSTREAM_ROOT']);
    if (downstreamRoot === undefined) return undefined;
    const root = resolve(this.cwd(), downstreamRoot);
    if (isDirectory(root)) return { kind: 'downstream', file: join(root, 'open-cowork.config.json'), required: false };
    this.report({ kind: 'downstream', file: root }, 'rejected', [
      {
        code: ConfigErrorCode.FileNotFound,
        severity: 'error',
        file: root,
        pointer: '',
        message: `OPEN_COWORK_DOWNSTREAM_ROOT points to "${root}", which is not a directory; it must name the folder that holds open-cowork.config.json and branding/.`,
      },
    ]);
    return undefined;
  }

  /** Reads, checks and merges one layer. Returns false only when a layer that must fail closed is broken. */
  private apply(source: LayerSource): boolean {
    const layer: LayerRef = { kind: source.kind, file: source.file };
    const failsClosed = source.kind === 'default' || source.kind === 'managed';
    const read = readLayerFile(source);
    if (read.status === 'absent' || read.status === 'ignored') {
      this.report(layer, read.status, read.status === 'ignored' ? [read.issue] : []);
      return true;
    }
    if (read.status === 'failed') {
      this.reject(layer, [read.issue]);
      return !failsClosed;
    }

    const prepared = prepareLayer(read.text, layer, this.env);
    for (const secret of prepared.secrets) this.secrets.add(secret);
    if (prepared.value === undefined) {
      this.reject(layer, prepared.issues, prepared.locator);
      return !failsClosed;
    }

    const provenance = this.provenance.clone();
    const candidate = mergeLayer(this.merged, prepared.value, layer, provenance);
    // A layer the overlay schema already refused is still checked for cross-references, so
    // that one run lists every problem; its schema errors are not reported a second time.
    const strict = prepared.issues.length === 0 ? validateResolved(candidate) : { valid: true, errors: [], withDefaults: undefined };
    const mergedIssues = [
      ...(strict.valid ? [] : toSchemaIssues(strict.errors, { file: layer.file, data: candidate })),
      ...semanticIssues(candidate, layer.file),
    ].map((issue) => this.traceBack(issue, layer, provenance, prepared.locator));
    const reported = new Set(prepared.issues.map((issue) => issue.pointer));
    const issues = [...prepared.issues, ...mergedIssues.filter((issue) => !reported.has(issue.pointer))];
    if (issues.some((issue) => issue.severity === 'error')) {
      const dataDirName = str(obj(prepared.value['branding'])['dataDirName']);
      if (dataDirName !== undefined && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(dataDirName)) this.rejectedDataDirNames.push(dataDirName);
      this.reject(layer, issues, prepared.locator);
      return !failsClosed;
    }

    this.merged = candidate;
    this.resolved = strict.withDefaults;
    this.provenance = provenance;
    this.assetsByLayer.set(layer, prepared.assets);
    this.templatesByLayer.set(layer, prepared.templates);
    this.report(layer, 'applied', issues);
    return true;
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
    const origin = this.provenance.get(LOGO_ASSET_POINTER);
    const logo = origin === undefined ? undefined : this.assetsByLayer.get(origin.layer)?.get(origin.sourcePointer);
    return logo !== undefined && getAtPointer(config, LOGO_ASSET_POINTER).found ? { sidebarLogo: logo } : {};
  }

  private platform(): NodeJS.Platform {
    return this.options.platform ?? process.platform;
  }

  private cwd(): string {
    return this.options.cwd ?? process.cwd();
  }
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

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

