// open-wc's waitUntil gives up after 1 s, which a busy laptop's Chromium overruns: the same
// wait with a timeout that only catches a hang. (Tests check what happens, not how fast.)
import { waitUntil as openWcWaitUntil } from "@open-wc/testing";

type Options = NonNullable<Parameters<typeof openWcWaitUntil>[2]>;

export function waitUntil(
  predicate: () => unknown | Promise<unknown>,
  message?: string,
  options: Options = {},
): Promise<void> {
  return openWcWaitUntil(predicate, message, { timeout: 60_000, ...options });
}
