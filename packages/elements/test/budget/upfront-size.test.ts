// The up-front script's budget: 2 KB gzip for the built dist/web/esp-flash-button.js (what a
// page's script tag loads; lazy chunks are not counted). Read from disk, not through the test
// server, which re-transforms JavaScript. `pnpm bench` reports the figure at gzip level 9; the
// browser's gzip is no smaller, so this check is the stricter one.
import { readFile } from "@web/test-runner-commands";

const BUDGET = 2048;

async function gzipSize(bytes: Uint8Array<ArrayBuffer>): Promise<number> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

describe("up-front script size", () => {
  it(`dist/web/esp-flash-button.js is at most ${BUDGET} bytes gzip`, async () => {
    const text = await readFile({ path: "../../dist/web/esp-flash-button.js" });
    if (!text) throw new Error("build first: dist/web/esp-flash-button.js is missing");
    const size = await gzipSize(new TextEncoder().encode(text));
    if (size > BUDGET)
      throw new Error(`the up-front script is ${size} B gzip, over its ${BUDGET} B budget`);
  });
});
