import type { Plugin } from "vite";

/**
 * @esp-flash/elements' package.json `sideEffects` list omits the lazily loaded modules that
 * define <esp-flash-dialog> and <esp-flash-console>, so a production build drops their
 * `customElements.define` and the dialog never appears (dev is not tree-shaken). Until
 * elements lists them, keep every elements module that defines an element.
 */
export function keepElementDefinitions(): Plugin {
  return {
    name: "esp-flash-keep-element-definitions",
    transform(code, id) {
      if (!/[\\/]elements[\\/]dist[\\/]/.test(id) || !code.includes("customElements.define(")) return null;
      return { code, map: null, moduleSideEffects: true };
    },
  };
}
