// The button's shadow styles as one constructable stylesheet (adoptedStyleSheets: no inline
// <style>, nothing for a strict CSP to refuse). Created on first use, shared by every button.
// Written compact: it ships as a string in the up-front script, which nothing minifies.
const CSS = [
  ":host{display:inline-block}",
  ":host([hidden]){display:none}",
  "button{font:inherit;font-family:var(--esp-flash-font,system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",Arial,sans-serif);",
  "font-weight:500;cursor:pointer;border:0;",
  "padding:var(--esp-flash-button-padding,.6em 1.2em);border-radius:var(--esp-flash-radius,8px);",
  "background:var(--esp-flash-accent,#0a58ca);color:var(--esp-flash-accent-text,#fff)}",
  "button:focus-visible{outline:2px solid var(--esp-flash-accent,#0a58ca);outline-offset:2px}",
  "@media (prefers-color-scheme:dark){",
  "button{background:var(--esp-flash-accent,#8ab4f8);color:var(--esp-flash-accent-text,#0b1a33)}}",
  ".note{color:var(--esp-flash-muted,inherit)}",
  // The note shown when the installer cannot start (the dialog's own styles never loaded).
  "dialog{max-width:min(30em,calc(100vw - 2em));padding:1.5em;border:1px solid var(--esp-flash-border,#c8cbd0);",
  "border-radius:16px;background:var(--esp-flash-surface,#fff);color:var(--esp-flash-text,#1b1b1f);",
  "font-family:var(--esp-flash-font,system-ui,sans-serif);line-height:1.45}",
  "dialog h2{font-size:1.2em;margin:0 0 .5em}dialog button{float:right}",
  "@media (prefers-color-scheme:dark){dialog{background:var(--esp-flash-surface,#1f2023);",
  "color:var(--esp-flash-text,#e4e4e7);border-color:var(--esp-flash-border,#4a4d53)}}",
].join("");

let sheet: CSSStyleSheet | undefined;

/** Gives `root` the button's stylesheet, and returns it. */
export function adoptButtonStyles(root: ShadowRoot): ShadowRoot {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  root.adoptedStyleSheets = [sheet];
  return root;
}
