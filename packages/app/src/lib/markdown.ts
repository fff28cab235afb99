// Markdown → sanitized HTML for model output. marked parses (GitHub-flavoured), DOMPurify
// removes anything active: scripts, handlers, styles (the CSP would refuse them anyway),
// forms, frames, and links other than http(s)/mailto. Links open in a new browsing context
// without an opener; remote images are dropped (the CSP allows data: images only).

import type { DOMPurify } from 'dompurify';
import { Marked } from 'marked';

export type MarkdownRenderer = (markdown: string) => string;

const FORBID_TAGS = ['style', 'script', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'object', 'embed', 'link', 'meta', 'base', 'svg', 'math', 'template', 'dialog'];

export function createMarkdownRenderer(purify: DOMPurify): MarkdownRenderer {
  const marked = new Marked({ gfm: true, breaks: false, async: false });
  purify.addHook('afterSanitizeAttributes', (node) => {
    const element = node as Element;
    if (element.tagName === 'A') {
      const href = element.getAttribute('href') ?? '';
      if (href.startsWith('#')) return;
      element.setAttribute('target', '_blank');
      element.setAttribute('rel', 'noopener noreferrer');
    } else if (element.tagName === 'IMG') {
      const src = element.getAttribute('src') ?? '';
      if (!/^data:image\/(png|jpe?g|gif|webp)[;,]/i.test(src)) element.remove();
    }
  });
  return (markdown) => {
    const html = marked.parse(markdown, { async: false });
    return purify.sanitize(html, {
      USE_PROFILES: { html: true },
      FORBID_TAGS,
      FORBID_ATTR: ['style', 'srcset', 'formaction', 'action'],
      ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|data:image\/(?:png|jpe?g|gif|webp)[;,])/i,
      ALLOW_DATA_ATTR: false,
    });
  };
}
