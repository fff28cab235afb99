// Vega-Lite → Vega → SVG string, without a DOM, a canvas or any network or file access.

import { parse, View, type Loader } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface RenderedChart {
  svg: string;
  /** Size of the whole SVG in pixels. */
  width: number;
  height: number;
  /** Warnings from Vega-Lite and Vega (e.g. a field that is not in the data). */
  warnings: string[];
}

/** The failure of a spec (not of the server): its message is meant for the caller. */
export class SpecError extends Error {
  override readonly name = 'SpecError';
}

const refuse = (what: string) => async (uri: string): Promise<never> => {
  throw new Error(`${what} is disabled: charts are rendered from inline data only (${uri})`);
};

/**
 * A loader that loads nothing. Hyperlinks (the href channel) resolve to no link at all;
 * data and images from anywhere are refused.
 */
export const lockedLoader: Loader = {
  load: refuse('Loading'),
  http: refuse('Network access'),
  file: refuse('File access'),
  sanitize: async (uri: string, options: { context?: string }) => {
    // vega-scenegraph does not handle a refused hyperlink; an empty one it drops.
    if (options?.context === 'href') return { href: null } as unknown as { href: string };
    throw new Error(`Resources are disabled: charts are rendered from inline data only (${uri})`);
  },
};

function collectingLogger(warnings: string[]) {
  const push = (level: string) =>
    function (this: unknown, ...args: unknown[]) {
      const text = args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ');
      if (warnings.length < 20 && !warnings.includes(`${level}: ${text}`)) warnings.push(`${level}: ${text}`);
      return logger;
    };
  let current = 2; // warn
  const logger = {
    level(value?: number) {
      if (value === undefined) return current;
      current = value;
      return logger;
    },
    error: push('error'),
    warn: push('warning'),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** Compiles and renders a prepared spec. */
export async function renderSpec(spec: Record<string, unknown>): Promise<RenderedChart> {
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  let vegaSpec;
  try {
    vegaSpec = compile(spec as unknown as TopLevelSpec, { logger }).spec;
  } catch (error) {
    throw new SpecError(`Vega-Lite could not compile the spec: ${(error as Error).message}`);
  }
  let view: View | undefined;
  try {
    view = new View(parse(vegaSpec), { renderer: 'none', loader: lockedLoader, logger, logLevel: 2 });
    const svg = await view.toSVG();
    const size = /^<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
    return { svg, width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0), warnings };
  } catch (error) {
    throw new SpecError(`Vega could not render the chart: ${(error as Error).message}`);
  } finally {
    view?.finalize();
  }
}
