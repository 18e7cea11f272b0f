// Loaded when the console opens (the terminal itself is <esp-flash-console>'s own chunk).
import { renderConsole } from "../console.js";
import type { ViewSet } from "../registry.js";

export const views: ViewSet = {
  renderers: { console: (v, a, c) => renderConsole(v, c.port, c.log, a) },
  styles: [],
};
