// Pure geometry of the virtualized transcript: offsets from measured or estimated heights,
// and the range of rows that intersect the viewport.

/** offsets[i] is the top of row i; offsets[count] the total height. */
export function computeOffsets(count: number, heightOf: (index: number) => number): Float64Array {
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i < count; i += 1) offsets[i + 1] = (offsets[i] as number) + heightOf(i);
  return offsets;
}

/** The first row whose bottom is below `y` (binary search). */
export function rowAt(offsets: Float64Array, y: number): number {
  const count = offsets.length - 1;
  let lo = 0;
  let hi = count - 1;
  if (count <= 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((offsets[mid + 1] as number) <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rows to render for a viewport: [start, end), widened by `overscanPx` on both sides. */
export function visibleRange(offsets: Float64Array, scrollTop: number, viewportHeight: number, overscanPx: number): [number, number] {
  const count = offsets.length - 1;
  if (count <= 0) return [0, 0];
  const start = rowAt(offsets, Math.max(0, scrollTop - overscanPx));
  const end = rowAt(offsets, scrollTop + viewportHeight + overscanPx) + 1;
  return [start, Math.min(count, end)];
}
