const css = `
  .downloads { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
  .downloads h1 { font-size: 1.6rem; }
  .downloads section { border: 1px solid #ddd; border-radius: 8px; padding: 0 1rem 0.5rem; margin-bottom: 1rem; }
  .downloads h2 small { color: #777; font-weight: normal; font-size: 0.8em; margin-left: 0.5em; }
  .downloads table { width: 100%; border-collapse: collapse; }
  .downloads td { padding: 0.4rem 0.5rem; border-top: 1px solid #eee; vertical-align: middle; }
  .downloads td:last-child { text-align: right; }
  .downloads em { background: #e6f4ea; color: #137333; border-radius: 4px; padding: 0 0.4em; font-style: normal; font-size: 0.8em; }
`;

let adopted = false;

/** Adds the page's styles to the document once (the page renders in light DOM). */
export function adoptDownloadStyles(): void {
  if (adopted) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  adopted = true;
}
