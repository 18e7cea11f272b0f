// The button's shadow styles as one constructable stylesheet (adoptedStyleSheets: no inline
// <style>, nothing for a strict CSP to refuse). Created on first use, shared by every button.
// Written compact: it ships as a string in the up-front script, which nothing minifies.
const CSS = [
  ":host{display:inline-block}",
  ":host([hidden]){display:none}",
  // System UI font unless themed (inheriting left it serif on an unstyled page).
  "button{font:inherit;font-family:var(--esp-flash-font,system-ui,sans-serif);font-weight:500;cursor:pointer;border:0;",
  // ESP Web Tools' --esp-tools-button-* properties are the fallbacks, so EWT pages keep their look.
  "padding:var(--esp-flash-button-padding,.6em 1.2em);",
  "border-radius:var(--esp-flash-radius,var(--esp-tools-button-border-radius,8px));",
  "background:var(--esp-flash-accent,var(--esp-tools-button-color,#0a58ca));",
  "color:var(--esp-flash-accent-text,var(--esp-tools-button-text-color,#fff))}",
  // Focus ring: the browser's own (:focus-visible), which follows the user's settings.
  "@media (prefers-color-scheme:dark){",
  "button{background:var(--esp-flash-accent,var(--esp-tools-button-color,#8ab4f8));",
  "color:var(--esp-flash-accent-text,var(--esp-tools-button-text-color,#0b1a33))}}",
  ".note{color:var(--esp-flash-muted,inherit)}",
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
