// Rendering runs in a worker thread: a spec that makes Vega loop or allocate without end
// cannot block the server's event loop, and the worker is terminated when time is up.
// The worker runs the same bundled file as the server (dist/index.js), which looks at
// `workerData` to know which role it has.

import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ToolError } from '@open-cowork/mcp-kit';
import { renderSpec, SpecError, type RenderedChart } from './render.js';

export const RENDER_JOB = 'open-cowork-charts-render';

interface Job {
  job: typeof RENDER_JOB;
  spec: Record<string, unknown>;
}

type Reply = { ok: true; chart: RenderedChart } | { ok: false; message: string; spec: boolean };

/** True when this thread was started to render one chart. */
export function isRenderWorker(): boolean {
  return !isMainThread && (workerData as Partial<Job> | null)?.job === RENDER_JOB;
}

/** The worker side: render the job's spec, post the reply, end. */
export async function runRenderWorker(): Promise<void> {
  const { spec } = workerData as Job;
  let reply: Reply;
  try {
    reply = { ok: true, chart: await renderSpec(spec) };
  } catch (error) {
    reply = { ok: false, message: (error as Error).message, spec: error instanceof SpecError };
  }
  parentPort?.postMessage(reply);
}

export interface WorkerOptions {
  /** The script the worker runs (the bundle itself in production). */
  entry: string | URL;
  timeoutMs: number;
  /** Heap limit of the worker, in MB. */
  maxHeapMb?: number;
}

/** Renders `spec` in a fresh worker; a ToolError when the spec fails, runs too long or the worker dies. */
export function renderInWorker(spec: Record<string, unknown>, options: WorkerOptions): Promise<RenderedChart> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(options.entry, {
      workerData: { job: RENDER_JOB, spec } satisfies Job,
      // The worker's console must never reach our stdout, which carries the protocol.
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 512 },
    });
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => {
      finish(() => reject(new ToolError(`Rendering took longer than ${options.timeoutMs} ms and was stopped. Simplify the chart or reduce the data.`)));
    }, options.timeoutMs);
    worker.once('message', (reply: Reply) => {
      finish(() => (reply.ok ? resolve(reply.chart) : reject(reply.spec ? new ToolError(reply.message) : new Error(reply.message))));
    });
    worker.once('error', (error) => {
      const limit = /ERR_WORKER_OUT_OF_MEMORY/.test(String((error as NodeJS.ErrnoException).code)) ? ' (out of memory)' : '';
      finish(() => reject(new ToolError(`Rendering failed${limit}: ${error.message}`)));
    });
    worker.once('exit', (code) => {
      finish(() => reject(new Error(`The render worker exited (code ${code}) without an answer.`)));
    });
  });
}

/**
 * Wraps `fn` so that at most `max` calls run at once; the others wait their turn (a burst of
 * render calls starts workers one or two at a time, not all together).
 */
export function limitConcurrency<A extends unknown[], R>(max: number, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (...args: A) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await fn(...args);
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}
