// app.info: who the app is and what it shows, from the effective config. Only public parts
// leave the host: branding (the sidebar logo inlined as a data: URL, so the renderer needs no
// file access), strings and feature switches. Never secrets, paths or private service URLs.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LoadResult, OpenCoworkConfig } from '@open-cowork/config';
import {
  HOST_CONTRACT_VERSION,
  type AppInfo,
  type Features,
  type HomeCopy,
  type Localization,
  type PublicBranding,
  type SidebarBranding,
} from '@open-cowork/contracts';
import { imageTypeOf } from '../content-types.js';
import type { HandlersFor } from '../dispatch/handlers.js';
import type { Logger } from '../log/index.js';
import { hostPackageVersion } from '../version.js';

export interface AppServiceOptions {
  readonly load: Pick<LoadResult, 'config' | 'assets'>;
  /** The app's version; default: this package's. */
  readonly version?: string;
  readonly logger: Logger;
}

export function appHandlers(options: AppServiceOptions): HandlersFor<'app.info'> {
  const config = options.load.config;
  if (config === undefined) throw new Error('app.info needs a loaded config; this load failed closed.');
  let logo: Promise<string | undefined> | undefined;
  const logoUrl = (): Promise<string | undefined> => {
    logo ??= sidebarLogoUrl(config, options.load.assets.sidebarLogo, options.logger);
    return logo;
  };
  const version = options.version ?? hostPackageVersion();
  return {
    'app.info': async (): Promise<AppInfo> => ({
      name: config.branding.name,
      version,
      contractVersion: HOST_CONTRACT_VERSION,
      branding: publicBranding(config, await logoUrl()),
      i18n: localization(config),
      features: features(config),
      toolTrace: { additionalRules: (config.toolTrace?.additionalRules ?? []).map((rule) => ({ ...rule, match: rule.match.map((m) => ({ ...m })) })) },
    }),
  };
}

export function publicBranding(config: OpenCoworkConfig, logoUrl: string | undefined): PublicBranding {
  const { branding } = config;
  const cloud = config.cloud?.publicBranding;
  const top = branding.sidebar?.top;
  const lower = branding.sidebar?.lower;
  const sidebar: SidebarBranding = {
    ...(top === undefined && logoUrl === undefined
      ? {}
      : {
          top: defined({
            variant: top?.variant,
            logoUrl,
            mediaSize: top?.mediaSize,
            mediaFit: top?.mediaFit,
            mediaAlign: top?.mediaAlign,
            title: nonEmpty(top?.title),
            subtitle: nonEmpty(top?.subtitle),
            ariaLabel: nonEmpty(top?.ariaLabel),
          }),
        }),
    ...(lower === undefined
      ? {}
      : {
          lower: defined({
            text: nonEmpty(lower.text),
            secondaryText: nonEmpty(lower.secondaryText),
            linkLabel: nonEmpty(lower.linkLabel),
            linkUrl: lower.linkUrl,
          }),
        }),
  };
  const copy = branding.home;
  const home: HomeCopy = defined({
    greeting: nonEmpty(copy?.greeting),
    subtitle: nonEmpty(copy?.subtitle),
    composerPlaceholder: nonEmpty(copy?.composerPlaceholder),
    suggestionLabel: nonEmpty(copy?.suggestionLabel),
    statusReadyLabel: nonEmpty(copy?.statusReadyLabel),
  });
  return {
    name: branding.name,
    productName: nonEmpty(cloud?.productName) ?? branding.name,
    ...defined({
      shortName: nonEmpty(cloud?.shortName),
      helpUrl: branding.helpUrl,
      sidebar: Object.keys(sidebar).length > 0 ? sidebar : undefined,
      home: Object.keys(home).length > 0 ? home : undefined,
      theme: cloud?.theme === undefined ? undefined : { ...cloud.theme },
    }),
  };
}

function localization(config: OpenCoworkConfig): Localization {
  return { locale: config.i18n?.locale ?? 'en-US', strings: { ...config.i18n?.strings } };
}

function features(config: OpenCoworkConfig): Features {
  return {
    updates: config.updates?.enabled ?? true,
    telemetry: config.telemetry?.enabled ?? false,
    webSearch: config.permissions?.webSearch ?? true,
    signIn: (config.auth?.mode ?? 'none') !== 'none',
  };
}

/** The logo as a data: URL: the checked asset file, else the legacy `branding.logoDataUrl`. */
async function sidebarLogoUrl(config: OpenCoworkConfig, asset: string | undefined, logger: Logger): Promise<string | undefined> {
  if (asset !== undefined) {
    const mime = imageTypeOf(asset);
    if (mime === undefined) {
      logger.warn('the sidebar logo is not an image type the app can show', { file: path.basename(asset) });
    } else {
      try {
        return `data:${mime};base64,${(await readFile(asset)).toString('base64')}`;
      } catch (error) {
        logger.warn(`cannot read the sidebar logo: ${(error as Error).message}`, { file: path.basename(asset) });
      }
    }
  }
  return nonEmpty(config.branding.logoDataUrl);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The object without its undefined fields (the contract's objects are closed and typed). */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
