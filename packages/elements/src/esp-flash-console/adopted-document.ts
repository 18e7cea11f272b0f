// xterm writes its theme and cell sizes into <style> elements it creates. A strict CSP
// (style-src without 'unsafe-inline') refuses those, and the terminal loses its font and
// colours. xterm lets us hand it the document it creates elements with (`documentOverride`):
// this one gives it an inert <template> instead of each <style>, and mirrors the CSS text
// written into it into a constructable stylesheet adopted by our shadow root.

/** A stand-in <style>: the text xterm sets goes to `sheet`, never into the DOM. */
function styleStandIn(doc: Document, sheet: CSSStyleSheet, release: () => void): HTMLElement {
  const el = doc.createElement("template");
  let text = "";
  Object.defineProperty(el, "textContent", {
    get: () => text,
    set: (value: string | null) => { text = value ?? ""; sheet.replaceSync(text); },
  });
  const remove = el.remove.bind(el);
  el.remove = () => { release(); remove(); };
  return el;
}

/**
 * A Document for xterm's `documentOverride`: everything is the real document's, except that a
 * `<style>` becomes a stylesheet adopted by `root`.
 */
export function adoptingDocument(root: ShadowRoot): Document {
  const real = root.ownerDocument;
  const createElement = (tag: string, options?: ElementCreationOptions) => {
    if (tag.toLowerCase() !== "style") return real.createElement(tag, options);
    const sheet = new CSSStyleSheet();
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return styleStandIn(real, sheet, () => { root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet); });
  };
  return new Proxy(real, {
    get(target, key) {
      if (key === "createElement") return createElement;
      const value: unknown = Reflect.get(target, key, target);
      // Methods need the real document as `this` (a proxy is not a Document to the DOM).
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
