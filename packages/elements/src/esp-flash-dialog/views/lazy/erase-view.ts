// Loaded when an erase is asked about (erase="prompt", or a reinstall of what is there).
import { renderErase } from "../erase.js";
import type { ViewSet } from "../registry.js";

export const views: ViewSet = { renderers: { erase: renderErase }, styles: [] };
