// Vitest setup file: no process a test started survives it (see children.ts).
import { afterEach } from "vitest";
import { killRemaining } from "./children.js";

afterEach(() => {
  killRemaining();
});
// A worker stopped by a timeout of the whole run, or by Ctrl-C, still takes its children along.
process.once("exit", () => killRemaining());
