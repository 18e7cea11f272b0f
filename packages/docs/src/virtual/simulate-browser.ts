// Makes this (Web Serial, secure) browser look like another: Android's Chrome (WebUSB, no Web
// Serial), one with neither (Firefox, Safari, iOS), or a plain-http page, so the button's
// fallbacks can be shown and tested. Returns the undo.
export type SimulatedBrowser = "no-web-serial" | "no-serial-or-usb" | "insecure-page";

export function simulateBrowser(kind: SimulatedBrowser): () => void {
  if (kind === "insecure-page") return hide(window, "isSecureContext", false);
  const undo = [hide(Navigator.prototype, "serial")];
  if (kind === "no-serial-or-usb") undo.push(hide(Navigator.prototype, "usb"));
  return () => undo.reverse().forEach((u) => u());
}

/** Removes `key` from `target` (or pins it to `value`); returns the undo. */
function hide(target: object, key: string, value?: unknown): () => void {
  const own = Object.getOwnPropertyDescriptor(target, key);
  if (value === undefined) delete (target as Record<string, unknown>)[key];
  else Object.defineProperty(target, key, { value, configurable: true });
  return () => {
    if (own) Object.defineProperty(target, key, own);
    else delete (target as Record<string, unknown>)[key];
  };
}
