// Loaded when the person asked for a backup before installing.
import { renderBackup } from "../backup.js";
import type { ViewSet } from "../registry.js";

export const views: ViewSet = { renderers: { backup: renderBackup }, styles: [] };
