/**
 * A small benchmark runner. Every scenario times its subject against a baseline in the same
 * process and the same rounds (interleaved), so a shared, noisy machine moves both alike;
 * results are reported as medians, spreads and ratios, never as pass/fail thresholds.
 */
import { performance } from 'node:perf_hooks';

export interface Variant {
  readonly name: string;
  /** The timed operation. May return a promise, which is awaited inside the timing. */
  readonly run: () => unknown;
  /** Untimed preparation before each sample (e.g. a fresh process the sample measures the first use of). */
  readonly before?: () => unknown;
  /** Untimed clean-up after each sample (e.g. stopping a process the sample started). */
  readonly after?: () => unknown;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** The reference every other variant is divided by. */
  readonly baseline: Variant;
  readonly variants: readonly Variant[];
  /** Operations per timed sample (raise for sub-millisecond work). */
  readonly iterations?: number;
  /** Prepares state once before timing; returns a disposer. */
  readonly setup?: () => (() => unknown) | void | Promise<(() => unknown) | void>;
  /** Extra lines under the table (derived figures such as events per second). */
  readonly summary?: (result: ScenarioResult) => string;
  /** Overrides the run's sample and warm-up counts (slow scenarios such as process starts). */
  readonly samples?: number;
  readonly warmup?: number;
}

export interface VariantResult {
  readonly name: string;
  /** Milliseconds per operation. */
  readonly medianMs: number;
  readonly p10Ms: number;
  readonly p90Ms: number;
  /** (p90 - p10) / median, in percent. */
  readonly spreadPercent: number;
  /** median / baseline median. */
  readonly ratio: number;
}

export interface ScenarioResult {
  readonly name: string;
  readonly description: string;
  readonly samples: number;
  readonly iterations: number;
  readonly variants: readonly VariantResult[];
}

export interface RunOptions {
  readonly samples: number;
  readonly warmup: number;
}

export async function runScenario(scenario: Scenario, defaults: RunOptions): Promise<ScenarioResult> {
  const options = { samples: scenario.samples ?? defaults.samples, warmup: scenario.warmup ?? defaults.warmup };
  const dispose = await scenario.setup?.();
  try {
    const all = [scenario.baseline, ...scenario.variants];
    const iterations = scenario.iterations ?? 1;
    const timings = new Map<string, number[]>(all.map((variant) => [variant.name, []]));
    for (let round = 0; round < options.warmup + options.samples; round += 1) {
      // Rotate the order each round so no variant always runs first (cold caches, GC debt).
      const order = all.map((_, index) => all[(index + round) % all.length] as Variant);
      for (const variant of order) {
        await variant.before?.();
        const started = performance.now();
        for (let i = 0; i < iterations; i += 1) {
          const result = variant.run();
          // Only promises are awaited, so synchronous subjects pay no microtask per call.
          if (isThenable(result)) await result;
        }
        const elapsed = (performance.now() - started) / iterations;
        if (round >= options.warmup) timings.get(variant.name)?.push(elapsed);
        await variant.after?.();
      }
    }
    const baselineMedian = quantile(timings.get(scenario.baseline.name) ?? [], 0.5);
    return {
      name: scenario.name,
      description: scenario.description,
      samples: options.samples,
      iterations,
      variants: all.map((variant) => {
        const values = timings.get(variant.name) ?? [];
        const median = quantile(values, 0.5);
        const p10 = quantile(values, 0.1);
        const p90 = quantile(values, 0.9);
        return {
          name: variant.name,
          medianMs: median,
          p10Ms: p10,
          p90Ms: p90,
          spreadPercent: median > 0 ? ((p90 - p10) / median) * 100 : 0,
          ratio: baselineMedian > 0 ? median / baselineMedian : Number.NaN,
        };
      }),
    };
  } finally {
    await dispose?.();
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? Number.NaN;
  const high = sorted[upper] ?? Number.NaN;
  return low + (high - low) * (position - lower);
}

export function formatResult(result: ScenarioResult): string {
  const rows = result.variants.map((variant, index) => [
    index === 0 ? `${variant.name} (baseline)` : variant.name,
    `${variant.medianMs.toFixed(3)} ms`,
    `${variant.p10Ms.toFixed(3)}–${variant.p90Ms.toFixed(3)} ms`,
    `±${(variant.spreadPercent / 2).toFixed(1)}%`,
    `${variant.ratio.toFixed(2)}×`,
  ]);
  const header = ['variant', 'median', 'p10–p90', 'spread', 'vs baseline'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  return [
    `${result.name}: ${result.description}`,
    `  ${result.samples} samples × ${result.iterations} iteration(s), medians per operation`,
    `  ${line(header)}`,
    ...rows.map((row) => `  ${line(row)}`),
  ].join('\n');
}
