// Loaded on an error: the view with its translated messages and advice by error code.
import { errorStyles, renderError } from "../error.js";
import type { ViewSet } from "../registry.js";

export const views: ViewSet = {
  renderers: { error: (v, a) => renderError(v.error, a) },
  styles: [errorStyles],
};
