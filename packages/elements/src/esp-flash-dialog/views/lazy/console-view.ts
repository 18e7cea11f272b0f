// Loaded when the console opens (the terminal itself is <esp-flash-console>'s own chunk).
import { renderConsole } from "../console.js";
import type { ViewSet } from "../registry.js";

export const views: ViewSet = {
  renderers: { console: (_v, a, c) => renderConsole(c.port, c.log, a) },
  styles: [],
};
