// CPU cost of preparing a 4 MB image (patch, MD5, deflate) against pako's deflate alone,
// in Node and in headless Chromium.
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { IMAGE_BYTES } from "./cpu-image.mjs";
import { compare } from "./prepare-work.mjs";

const RUNS = 7;

export function cpuInNode() {
  const image = makeSampleFirmware("micropython-esp8266", { size: IMAGE_BYTES }).parts[0].data;
  compare(image, 1); // warm-up: JIT and pako's tables
  return compare(image, RUNS);
}

export async function cpuInChromium(executablePath) {
  const bundle = await build({
    entryPoints: [new URL("./cpu-entry.mjs", import.meta.url).pathname],
    bundle: true,
    format: "iife",
    platform: "browser",
    write: false,
    logLevel: "error",
  });
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    await page.evaluate(() => globalThis.runCpuBench(1));
    return await page.evaluate((runs) => globalThis.runCpuBench(runs), RUNS);
  } finally {
    await browser.close();
  }
}
