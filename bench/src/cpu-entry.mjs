// Browser side of the CPU benchmark: the same work as in Node, on the same sample image; the
// Node side times each run with the page thread's CPU clock.
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { WORK } from "./prepare-work.mjs";
import { IMAGE_BYTES } from "./cpu-image.mjs";

const image = makeSampleFirmware("micropython-esp8266", { size: IMAGE_BYTES }).parts[0].data;
globalThis.runCpuWork = (name) => void WORK[name](image);
