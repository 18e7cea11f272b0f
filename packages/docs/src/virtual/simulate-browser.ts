// Makes this (Web Serial, secure) browser look like one without Web Serial or a plain-http
// page, so the button's fallback slots can be shown and tested. Returns the undo.
export function simulateBrowser(kind: "no-web-serial" | "insecure-page"): () => void {
  const [target, key]: [object, string] =
    kind === "no-web-serial" ? [Navigator.prototype, "serial"] : [window, "isSecureContext"];
  const own = Object.getOwnPropertyDescriptor(target, key);
  if (kind === "no-web-serial") delete (target as Record<string, unknown>)[key];
  else Object.defineProperty(target, key, { value: false, configurable: true });
  return () => {
    if (own) Object.defineProperty(target, key, own);
    else delete (target as Record<string, unknown>)[key];
  };
}
