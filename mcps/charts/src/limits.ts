// What one render may cost. Every limit is checked before rendering where it can be, and
// the render itself runs in a worker thread that is stopped when it takes too long.

export interface ChartLimits {
  /** Largest width or height a spec (or the caller) may ask for, in pixels. */
  maxSize: number;
  /** Largest width or height of the finished SVG (axes, legends, facets included). */
  maxRenderedSize: number;
  /** Inline data rows over the whole spec (data.values, datasets, generated sequences). */
  maxDataRows: number;
  /** The spec as JSON, in bytes. */
  maxSpecBytes: number;
  /** The SVG produced, in bytes. */
  maxSvgBytes: number;
  /** Wall-clock time for compiling and rendering, in milliseconds. */
  renderTimeoutMs: number;
}

export const DEFAULT_LIMITS: ChartLimits = {
  maxSize: 2000,
  maxRenderedSize: 6000,
  maxDataRows: 5000,
  maxSpecBytes: 1_000_000,
  maxSvgBytes: 5_000_000,
  renderTimeoutMs: 5000,
};
