// Loaded when no port was picked.
import { portCancelledStyles, renderPortCancelled } from "../port-cancelled.js";
import type { ViewSet } from "../registry.js";

export const views: ViewSet = {
  renderers: { "port-cancelled": (_v, a) => renderPortCancelled(a) },
  styles: [portCancelledStyles],
};
