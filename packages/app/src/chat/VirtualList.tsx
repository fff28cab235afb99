import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { computeOffsets, visibleRange } from '../lib/virtual.js';

export interface VirtualListProps {
  readonly count: number;
  readonly itemKey: (index: number) => string;
  /** Height to assume for a row not measured yet. */
  readonly estimate: (index: number) => number;
  readonly renderItem: (index: number) => ReactNode;
  /** Rendered after the rows, in normal flow (pending approvals, typing indicator). */
  readonly footer?: ReactNode;
  readonly ariaLabel: string;
  readonly className?: string;
  /** Shown while the view is scrolled away from the end; clicking it scrolls down. */
  readonly jumpLabel?: string;
  readonly jumpIcon?: ReactNode;
}

const OVERSCAN_PX = 800;
const STICK_PX = 48;

/**
 * A scroll container that renders only the rows near the viewport. Rows are measured with
 * one ResizeObserver as they render (heights vary: markdown, traces, cards); unmeasured rows
 * use the estimate. The view sticks to the end while the user is there (streaming answers
 * stay in view) and keeps its place when rows above the viewport change height.
 */
export function VirtualList({ count, itemKey, estimate, renderItem, footer, ariaLabel, className, jumpLabel, jumpIcon }: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [measureVersion, setMeasureVersion] = useState(0);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  const atEnd = useRef(true);
  const [showJump, setShowJump] = useState(false);

  const offsets = useMemo(
    () => computeOffsets(count, (i) => heights.current.get(itemKey(i)) ?? estimate(i)),
    // measureVersion stands for "heights changed" (the Map itself is mutable).
    [count, itemKey, estimate, measureVersion],
  );
  const offsetsRef = useRef(offsets);
  offsetsRef.current = offsets;
  const keyIndex = useRef(new Map<string, number>());

  const observer = useMemo(
    () =>
      typeof ResizeObserver === 'undefined'
        ? undefined
        : new ResizeObserver((entries) => {
            const el = scroller.current;
            let changed = false;
            let anchorDelta = 0;
            for (const entry of entries) {
              const target = entry.target as HTMLElement;
              const key = target.dataset['key'];
              if (key === undefined) continue;
              const height = entry.borderBoxSize?.[0]?.blockSize ?? target.offsetHeight;
              const before = heights.current.get(key);
              if (before === height) continue;
              heights.current.set(key, height);
              changed = true;
              // A row above the viewport grew or shrank: move the view with it.
              const index = keyIndex.current.get(key);
              if (el && !atEnd.current && index !== undefined && (offsetsRef.current[index + 1] ?? 0) <= el.scrollTop) {
                anchorDelta += height - (before ?? 0);
              }
            }
            if (!changed) return;
            if (el && anchorDelta !== 0) el.scrollTop += anchorDelta;
            setMeasureVersion((v) => v + 1);
          }),
    [],
  );
  useEffect(() => () => observer?.disconnect(), [observer]);

  const measure = useCallback(
    (el: HTMLDivElement | null) => {
      if (!el || !observer) return;
      observer.observe(el);
      return () => observer.unobserve(el);
    },
    [observer],
  );

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const end = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
    atEnd.current = end;
    setShowJump(!end);
    setViewport((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
  }, []);

  // End and Home jump at once, the way "Jump to latest" does. The browser's own (animated)
  // jump aims at the scroll height when the key is pressed; rows near the end are measured
  // only once rendered, and when they are taller than estimated the jump stops short of the
  // end, away from the latest message.
  const onKeyDown = useCallback((event: KeyboardEvent<HTMLDivElement>) => {
    const el = scroller.current;
    if (!el || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if ((event.target as HTMLElement).closest('input, textarea, select, [contenteditable="true"]')) return;
    if (event.key === 'End') {
      event.preventDefault();
      atEnd.current = true;
      el.scrollTop = el.scrollHeight;
    } else if (event.key === 'Home') {
      event.preventDefault();
      atEnd.current = false;
      el.scrollTop = 0;
    }
  }, []);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setViewport({ top: el.scrollTop, height: el.clientHeight });
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      setViewport({ top: el.scrollTop, height: el.clientHeight });
      if (atEnd.current) el.scrollTop = el.scrollHeight;
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // After every change in content or heights: stay at the end if that is where the user was.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && atEnd.current) el.scrollTop = el.scrollHeight;
  });

  const total = offsets[count] ?? 0;
  const [start, end] = visibleRange(offsets, viewport.top, viewport.height, OVERSCAN_PX);
  const rows: ReactNode[] = [];
  keyIndex.current = new Map();
  for (let i = start; i < end; i += 1) {
    const key = itemKey(i);
    keyIndex.current.set(key, i);
    rows.push(
      <div key={key} className="vrow" data-key={key} data-index={i} ref={measure} style={{ transform: `translateY(${offsets[i] ?? 0}px)` }}>
        {renderItem(i)}
      </div>,
    );
  }

  return (
    <div className={`vlist-wrap ${className ?? ''}`}>
      <div ref={scroller} className="vlist" role="region" aria-label={ariaLabel} tabIndex={0} onScroll={onScroll} onKeyDown={onKeyDown}>
        <div className="vlist-rows" style={{ height: total }}>
          {rows}
        </div>
        {footer}
      </div>
      {showJump && jumpLabel && (
        <button
          type="button"
          className="jump-latest"
          onClick={() => {
            const el = scroller.current;
            if (!el) return;
            atEnd.current = true;
            el.scrollTop = el.scrollHeight;
          }}
        >
          {jumpIcon}
          {jumpLabel}
        </button>
      )}
    </div>
  );
}
