// xterm writes its theme, cell sizes and scrollbar colours into <style> elements it creates. A
// strict CSP (style-src without 'unsafe-inline') refuses those, and the terminal loses its font
// and colours. Here each <style> xterm asks for is an inert <template> instead, and the CSS text
// written into it goes to a constructable stylesheet adopted by our shadow root.

/** A stand-in <style>: the text xterm sets goes to `sheet`, never into the DOM. */
function styleStandIn(
  create: Document["createElement"],
  sheet: CSSStyleSheet,
  release: () => void,
): HTMLElement {
  const el = create("template");
  let text = "";
  Object.defineProperty(el, "textContent", {
    get: () => text,
    set: (value: string | null) => {
      text = value ?? "";
      sheet.replaceSync(text);
    },
  });
  const remove = el.remove.bind(el);
  el.remove = () => {
    release();
    remove();
  };
  return el;
}

/** document.createElement, except that a `<style>` becomes a stylesheet adopted by `root`. */
function createElementFor(root: ShadowRoot): Document["createElement"] {
  const create = Document.prototype.createElement.bind(
    root.ownerDocument,
  ) as Document["createElement"];
  return ((tag: string, options?: ElementCreationOptions) => {
    if (tag.toLowerCase() !== "style") return create(tag, options);
    const sheet = new CSSStyleSheet();
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return styleStandIn(create, sheet, () => {
      root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
    });
  }) as Document["createElement"];
}

/**
 * A Document for xterm's `documentOverride` (used for the styles its renderer creates later):
 * everything is the real document's except createElement.
 */
export function adoptingDocument(root: ShadowRoot): Document {
  const createElement = createElementFor(root);
  return new Proxy(root.ownerDocument, {
    get(target, key) {
      if (key === "createElement") return createElement;
      const value: unknown = Reflect.get(target, key, target);
      // Methods need the real document as `this` (a proxy is not a Document to the DOM).
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * Runs `fn` (xterm's synchronous `open`) with the page's own document.createElement routed the
 * same way: xterm 6 creates its scrollbar <style> with the global document, whatever the override.
 */
export function withAdoptedStyles<T>(root: ShadowRoot, fn: () => T): T {
  const doc = root.ownerDocument;
  const own = Object.getOwnPropertyDescriptor(doc, "createElement");
  Object.defineProperty(doc, "createElement", {
    value: createElementFor(root),
    configurable: true,
    writable: true,
  });
  try {
    return fn();
  } finally {
    if (own) Object.defineProperty(doc, "createElement", own);
    else Reflect.deleteProperty(doc, "createElement");
  }
}
