// `pnpm --filter @esp-flash/bench cpu`: only the CPU figures of `pnpm bench` (preparing a 4 MB
// image against pako's deflate alone, in Node and in Chromium), printed, nothing written.
import { findChromium } from "../../scripts/find-chromium.mjs";
import { cpuInChromium, cpuInNode } from "./cpu.mjs";

const show = (where, { oursMs, pakoMs }) =>
  console.log(
    `${where}: ours ${oursMs.toFixed(0)} ms, pako deflate alone ${pakoMs.toFixed(0)} ms of CPU, ratio ${(oursMs / pakoMs).toFixed(3)}`,
  );

show("node", await cpuInNode());
show("chromium", await cpuInChromium(findChromium()));
