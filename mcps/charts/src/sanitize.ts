// Makes a rendered SVG safe to show inline: only drawing elements survive, with no script,
// no event handlers, no styles and no reference to anything outside the document (links,
// external images, url() of another file). Vega's output is regular (escaped text, quoted
// attributes), so a tokenizer is enough; whatever it does not recognise is dropped.

const ALLOWED_ELEMENTS = new Set(
  [
    'svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'title', 'desc',
    'defs', 'clipPath', 'linearGradient', 'radialGradient', 'stop', 'image',
  ].map((name) => name.toLowerCase()),
);
/** Elements removed together with everything inside them. */
const DROP_WITH_CONTENT = new Set(['script', 'style', 'foreignobject', 'iframe', 'object', 'embed', 'audio', 'video', 'canvas', 'metadata']);
/** Images may be drawn only from data: URLs of raster formats (never SVG, which could carry script). */
const SAFE_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$/i;

const SPECIAL_ENDS: [string, string][] = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
  ['<?', '?>'],
];
const TAG_RE = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*(\/?)>/y;
const ATTR_RE = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?/g;

export function sanitizeSvg(input: string): string {
  let out = '';
  let dropDepth = 0; // > 0 while inside an element dropped with its content
  let index = 0;
  while (index < input.length) {
    const lt = input.indexOf('<', index);
    const textEnd = lt === -1 ? input.length : lt;
    if (textEnd > index) {
      if (dropDepth === 0) out += input.slice(index, textEnd);
      index = textEnd;
      continue;
    }
    const special = SPECIAL_ENDS.find(([open]) => input.startsWith(open, index));
    if (special) {
      // Comments and CDATA end at their own terminator, not at the first ">".
      const close = input.indexOf(special[1], index + special[0].length);
      index = close === -1 ? input.length : close + special[1].length;
      continue;
    }
    TAG_RE.lastIndex = index;
    const match = TAG_RE.exec(input);
    if (!match) {
      // A comment, a processing instruction, CDATA, a doctype, or a stray "<": skip it.
      const close = input.indexOf('>', index);
      index = close === -1 ? input.length : close + 1;
      continue;
    }
    index = TAG_RE.lastIndex;
    const [, closing, rawName = '', rawAttrs = '', selfClosing] = match;
    const name = rawName.toLowerCase();

    if (DROP_WITH_CONTENT.has(name) || (dropDepth > 0 && !closing && !selfClosing)) {
      if (!selfClosing) dropDepth += closing ? -1 : 1;
      if (dropDepth < 0) dropDepth = 0;
      continue;
    }
    if (dropDepth > 0) {
      if (closing) dropDepth -= 1;
      continue;
    }
    if (!ALLOWED_ELEMENTS.has(name)) continue; // unwrap: <a>, <use>, unknown elements lose their tag, keep their children
    if (closing) {
      out += `</${rawName}>`;
      continue;
    }
    out += `<${rawName}${safeAttributes(name, rawAttrs)}${selfClosing ? '/' : ''}>`;
  }
  return out;
}

function safeAttributes(element: string, raw: string): string {
  let out = '';
  for (const match of raw.matchAll(ATTR_RE)) {
    const name = match[1] ?? '';
    const value = match[2] ?? match[3];
    const lower = name.toLowerCase();
    if (lower.startsWith('on') || lower === 'style') continue;
    if (lower === 'href' || lower === 'xlink:href' || lower === 'src') {
      if (element === 'image' && value !== undefined && SAFE_IMAGE.test(value)) out += ` ${name}="${value}"`;
      // Links are dropped; an image without a safe source is kept as an empty box.
      continue;
    }
    if (value !== undefined && /url\s*\(\s*(?!['"]?#)/i.test(value)) continue; // only url(#local-id)
    if (value !== undefined && /javascript:|vbscript:|data:text\/html/i.test(value) && lower !== 'aria-label') continue;
    out += value === undefined ? ` ${name}` : ` ${name}="${value}"`;
  }
  return out;
}

/** Problems left in an SVG that should never be shown inline; empty when it is safe. */
export function unsafeParts(svg: string): string[] {
  const problems: string[] = [];
  if (!/^<svg[\s>]/.test(svg)) problems.push('does not start with <svg>');
  if (/<\s*(?:script|foreignobject|iframe|object|embed|style)\b/i.test(svg)) problems.push('contains an active element');
  if (/<[^>]*\son[a-z]+\s*=/i.test(svg)) problems.push('contains an event handler');
  if (/<[^>]*\s(?:xlink:)?href\s*=\s*["'](?!data:image\/(?:png|jpeg|gif|webp);)/i.test(svg)) problems.push('references an external resource');
  if (/<[^>]*url\s*\(\s*(?!['"]?#)/i.test(svg)) problems.push('references an external url()');
  return problems;
}
