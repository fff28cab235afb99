// The charts server's one tool: render a Vega-Lite spec to a sanitized SVG artifact.

import { pathToFileURL } from 'node:url';
import { defineTool, jsonResult, ToolError, z, type Tool } from '@open-cowork/mcp-kit';
import { saveSvg } from './artifacts.js';
import type { ChartLimits } from './limits.js';
import type { RenderedChart } from './render.js';
import { sanitizeSvg, unsafeParts } from './sanitize.js';
import { prepareSpec } from './spec.js';

export interface ChartsContext {
  /** Absolute directory the SVG files are written to. */
  artifactsDir: string;
  limits: ChartLimits;
  /** Compiles and renders a prepared spec (in a worker thread in the server). */
  render(spec: Record<string, unknown>): Promise<RenderedChart>;
}

export function chartsTools(ctx: ChartsContext): Tool[] {
  const { limits } = ctx;
  return [
    defineTool({
      name: 'render',
      title: 'Render a chart',
      description:
        `Renders a Vega-Lite (v5/v6) specification to an SVG chart, saves it as an artifact file and returns it so the app can show it. ` +
        `Put the data inline ("data": {"values": [...]}, at most ${limits.maxDataRows} rows; URLs and files are not loaded). ` +
        `Width and height are at most ${limits.maxSize} px. Aggregate large data before charting.`,
      input: {
        spec: z
          .object({})
          .catchall(z.unknown())
          .describe('The Vega-Lite specification, e.g. {"data": {"values": [...]}, "mark": "bar", "encoding": {...}}.'),
        title: z.string().max(300).optional().describe('Chart title; replaces the spec\'s title.'),
        width: z.number().int().min(1).max(limits.maxSize).optional().describe(`Plot width in pixels (1-${limits.maxSize}); replaces the spec's width.`),
        height: z.number().int().min(1).max(limits.maxSize).optional().describe(`Plot height in pixels (1-${limits.maxSize}); replaces the spec's height.`),
      },
      readOnly: false,
      idempotent: true,
      async run(args) {
        const prepared = prepareSpec(args, limits);
        const chart = await ctx.render(prepared);
        const svg = sanitizeSvg(chart.svg);
        const problems = unsafeParts(svg);
        if (problems.length > 0) throw new Error(`the rendered SVG failed the safety check (${problems.join('; ')})`);
        const bytes = Buffer.byteLength(svg, 'utf8');
        if (bytes > limits.maxSvgBytes) {
          throw new ToolError(`The chart's SVG is ${bytes} bytes; the limit is ${limits.maxSvgBytes}. Use fewer marks (aggregate or sample the data).`);
        }
        if (chart.width > limits.maxRenderedSize || chart.height > limits.maxRenderedSize) {
          throw new ToolError(
            `The chart renders at ${chart.width}×${chart.height} px; the limit is ${limits.maxRenderedSize} px a side. Use fewer facets or categories, or a smaller step.`,
          );
        }
        const artifact = await saveSvg(ctx.artifactsDir, svg);
        const data = {
          artifactId: artifact.id,
          path: artifact.path,
          mimeType: artifact.mimeType,
          bytes: artifact.bytes,
          sha256: artifact.sha256,
          width: chart.width,
          height: chart.height,
          warnings: chart.warnings,
        };
        const text =
          `Rendered chart ${artifact.id} (${chart.width}×${chart.height} px, ${artifact.bytes} bytes), saved to ${artifact.path}. ` +
          `The SVG is attached as an image/svg+xml resource.` +
          (chart.warnings.length > 0 ? `\nWarnings:\n- ${chart.warnings.join('\n- ')}` : '');
        return jsonResult(data, {
          text,
          extra: [{ type: 'resource', resource: { uri: pathToFileURL(artifact.path).href, mimeType: artifact.mimeType, text: svg } }],
        });
      },
    }),
  ];
}
