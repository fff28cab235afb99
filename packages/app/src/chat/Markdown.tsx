import DOMPurify from 'dompurify';
import { memo, useEffect, useMemo, useRef } from 'react';
import { codeLanguage, highlightCodeBlocks } from '../lib/highlight.js';
import { createMarkdownRenderer } from '../lib/markdown.js';
import '../styles/code-blocks.css';
import '../styles/markdown.css';

const render = createMarkdownRenderer(DOMPurify);

export interface MarkdownProps {
  readonly text: string;
  readonly copyLabel: string;
  readonly copiedLabel: string;
}

/** Model output as sanitized HTML; code blocks get a Copy button and, when they name a language, colours. */
export const Markdown = memo(function Markdown({ text, copyLabel, copiedLabel }: MarkdownProps) {
  const html = useMemo(() => render(text), [text]);
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = container.current;
    if (!root) return;
    for (const pre of root.querySelectorAll('pre')) {
      if (pre.parentElement?.classList.contains('code-block')) continue;
      const wrapper = document.createElement('div');
      wrapper.className = 'code-block';
      const code = pre.querySelector('code');
      const language = code === null ? undefined : codeLanguage(code);
      const bar = document.createElement('div');
      bar.className = 'code-bar';
      const lang = document.createElement('span');
      lang.textContent = language ?? '';
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'code-copy';
      button.textContent = copyLabel;
      button.addEventListener('click', () => {
        void navigator.clipboard?.writeText(pre.textContent ?? '').then(() => {
          button.textContent = copiedLabel;
          setTimeout(() => (button.textContent = copyLabel), 1500);
        });
      });
      bar.append(lang, button);
      pre.replaceWith(wrapper);
      wrapper.append(bar, pre);
    }
    // Without the highlighter (a chunk that failed to load) code simply stays plain.
    highlightCodeBlocks(root, (markup) => DOMPurify.sanitize(markup)).catch(() => undefined);
  }, [html, copyLabel, copiedLabel]);

  return <div ref={container} className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
});
