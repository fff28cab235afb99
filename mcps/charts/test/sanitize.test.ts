import { describe, expect, it } from 'vitest';
import { sanitizeSvg, unsafeParts } from '../src/sanitize.js';

const wrap = (inner: string) => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">${inner}</svg>`;

describe('sanitizeSvg', () => {
  it('keeps drawing elements, local url() references and escaped text', () => {
    const svg = wrap('<defs><clipPath id="c1"><rect width="5" height="5"/></clipPath></defs><g clip-path="url(#c1)"><text x="1">a &lt; b</text></g>');
    expect(sanitizeSvg(svg)).toBe(svg);
    expect(unsafeParts(svg)).toEqual([]);
  });

  it('drops scripts, styles and foreign objects with their content, and event handlers', () => {
    const evil = wrap(
      '<script>alert(1)</script><style>@import url(https://x.example/a.css);</style><foreignObject><div>hi</div></foreignObject>' +
        '<rect width="1" height="1" onclick="alert(2)" ONLOAD="x()"/><g onmouseover="y()"><path d="M0,0"/></g>',
    );
    expect(unsafeParts(evil).length).toBeGreaterThan(0);
    const clean = sanitizeSvg(evil);
    expect(clean).toBe(wrap('<rect width="1" height="1"/><g><path d="M0,0"/></g>'));
    expect(unsafeParts(clean)).toEqual([]);
  });

  it('unwraps links and blanks external images, keeping raster data images', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const evil = wrap(
      `<a xlink:href="https://x.example/"><path d="M0,0"/></a><image xlink:href="https://x.example/t.png" width="2"/>` +
        `<image href="${png}"/><image href="data:image/svg+xml;base64,PHN2Zz4="/><rect style="fill:url(https://x.example/f)" fill="url(https://x.example/p)"/>`,
    );
    const clean = sanitizeSvg(evil);
    expect(clean).toBe(wrap(`<path d="M0,0"/><image width="2"/><image href="${png}"/><image/><rect/>`));
    expect(unsafeParts(clean)).toEqual([]);
  });

  it('drops comments, CDATA, processing instructions and unknown elements', () => {
    const clean = sanitizeSvg(wrap('<!-- x --><![CDATA[ <script> ]]><?xml-stylesheet href="x.css"?><use href="#a"/><marquee><rect/></marquee>'));
    expect(clean).toBe(wrap('<rect/>'));
  });
});
