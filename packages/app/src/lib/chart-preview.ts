// Charts from the bundled charts server, shown in the chat. Its tool output carries the
// rendered SVG (the server strips scripts, styles, links and external references). It is
// shown as an <img> with a data: URL, where an SVG can run nothing and load nothing, so
// even a hostile document stays a picture.

const MAX_SVG_CHARS = 2_000_000;

/** The SVG of a completed charts_* call, as an image URL; undefined for anything else. */
export function chartImageOf(tool: string, output: string | undefined): string | undefined {
  if (!tool.startsWith('charts_') || output === undefined) return undefined;
  const start = output.indexOf('<svg');
  const end = output.lastIndexOf('</svg>');
  if (start === -1 || end <= start) return undefined;
  return svgImageUrl(output.slice(start, end + '</svg>'.length));
}

/** An SVG document as an image URL (undefined when too large to show). */
export function svgImageUrl(svg: string): string | undefined {
  if (svg.length > MAX_SVG_CHARS) return undefined;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
