// CPU cost of preparing a 4 MB image (patch, MD5, deflate) against pako's deflate alone,
// in Node and in headless Chromium. Timed in CPU time of the thread doing the work (Node's
// process clock, Chromium's main-thread clock over DevTools), so that other work on a shared
// machine does not land on one side (wall time on 2 shared cores put the same code anywhere
// from 0.8 to 1.7).
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { IMAGE_BYTES } from "./cpu-image.mjs";
import { compare, WORK } from "./prepare-work.mjs";
import { CHROMIUM_ARGS } from "../../scripts/find-chromium.mjs";

const RUNS = 7;

export async function cpuInNode() {
  const image = makeSampleFirmware("micropython-esp8266", { size: IMAGE_BYTES }).parts[0].data;
  const time = (name) => {
    const start = process.cpuUsage();
    WORK[name](image);
    const { user, system } = process.cpuUsage(start);
    return (user + system) / 1000;
  };
  await compare(time, 1); // warm-up: JIT and pako's tables
  return compare(time, RUNS);
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
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    const devtools = await page.context().newCDPSession(page);
    await devtools.send("Performance.enable", { timeMode: "threadTicks" });
    // The page's main thread's CPU time, in seconds.
    const threadTime = async () =>
      (await devtools.send("Performance.getMetrics")).metrics.find((m) => m.name === "ThreadTime")
        .value;
    const time = async (name) => {
      const start = await threadTime();
      await page.evaluate((n) => globalThis.runCpuWork(n), name);
      return ((await threadTime()) - start) * 1000;
    };
    await compare(time, 1);
    return await compare(time, RUNS);
  } finally {
    await browser.close();
  }
}
