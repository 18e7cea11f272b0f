// @web/test-runner-visual-regression's browser command, typed here: its .d.ts hides behind an
// .mjs re-export that TypeScript's bundler resolution does not follow.
import * as visualRegression from "@web/test-runner-visual-regression";

/** Screenshots `element` and compares it with test/screenshots/<browser>/baseline/<name>.png. */
export const visualDiff = (
  visualRegression as unknown as {
    visualDiff(element: Node, name: string): Promise<void>;
  }
).visualDiff;
