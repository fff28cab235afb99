import { bigSessionId, LAST_MESSAGE_MARKER, type FrameStats } from '../../../e2e/fake-host.js';
import { quantile, type Scenario, type ScenarioResult } from '../runner.js';
import { openRendererPage, type RendererPage } from './renderer-page.js';

const RATE = 2_000;
const FRAMES = 60;
const HISTORY = 10_000;

/**
 * Frame rate of an open chat while an answer streams in at 2,000 text deltas per second
 * (the fake bridge's subscribe callback fires them; the renderer batches them per frame).
 * Each sample times FRAMES animation frames, so milliseconds per sample convert to frames per
 * second; baseline: the same page and chat, idle. The chat holds 10,000 earlier messages, and
 * every streamed sample is a new answer appended to it.
 *
 * The host is the stand-in of e2e/fake-host.ts: no real runtime produces 2,000 events per
 * second on demand.
 */
export function streamFpsScenario(): Scenario {
  let renderer: RendererPage | undefined;
  const idle: FrameStats[] = [];
  const streaming: FrameStats[] = [];
  const delivered: number[] = [];
  const session = bigSessionId(1);

  const current = (): RendererPage => {
    if (renderer === undefined) throw new Error('stream-fps: the page is not open');
    return renderer;
  };

  return {
    name: 'stream-fps',
    description: `frame rate of an open chat (${HISTORY.toLocaleString('en-US')} messages) while ${RATE.toLocaleString('en-US')} text deltas/s stream in vs. idle (${FRAMES} frames per sample)`,
    samples: 12,
    warmup: 2,
    setup: async () => {
      renderer = await openRendererPage({ messages: HISTORY, bigSessions: 1, emptySessions: 0 });
      await renderer.fake.openChat(session, LAST_MESSAGE_MARKER);
      return () => renderer?.close();
    },
    baseline: {
      name: 'idle',
      run: async () => {
        idle.push(await current().fake.countFrames(FRAMES));
      },
      after: () => current().assertHealthy(),
    },
    variants: [
      {
        name: `${RATE.toLocaleString('en-US')} deltas/s`,
        run: async () => {
          const stats = await current().fake.countFrames(FRAMES, { sessionId: session, perSecond: RATE });
          streaming.push(stats);
          delivered.push(stats.stream?.perSecond ?? 0);
        },
        after: () => current().assertHealthy(),
      },
    ],
    summary: (result: ScenarioResult) => {
      const fps = (ms: number | undefined) => (ms === undefined ? Number.NaN : (FRAMES * 1000) / ms);
      const [base, stream] = result.variants;
      const idleFps = fps(base?.medianMs);
      const streamFps = fps(stream?.medianMs);
      const median = (values: readonly number[]) => quantile(values, 0.5);
      const gap = (stats: readonly FrameStats[]) => Math.max(...stats.map((s) => s.maxGapMs));
      return [
        `  from the medians above (${FRAMES} frames plus the wait for the first one and the call): idle ${idleFps.toFixed(1)} fps, ` +
          `streaming ${streamFps.toFixed(1)} fps = ${(streamFps / idleFps).toFixed(2)}× idle`,
        `  measured in the page (frames only): idle ${median(idle.map((s) => s.fps)).toFixed(1)} fps, streaming ${median(streaming.map((s) => s.fps)).toFixed(1)} fps; ` +
          `${Math.round(median(delivered)).toLocaleString('en-US')} events/s delivered; longest frame gap idle ${gap(idle).toFixed(0)} ms, streaming ${gap(streaming).toFixed(0)} ms`,
      ].join('\n');
    },
  };
}
