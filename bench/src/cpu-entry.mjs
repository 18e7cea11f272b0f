// Browser side of the CPU benchmark: the same work as in Node, on the same sample image.
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { compare } from "./prepare-work.mjs";
import { IMAGE_BYTES } from "./cpu-image.mjs";

globalThis.runCpuBench = (runs) => {
  const image = makeSampleFirmware("micropython-esp8266", { size: IMAGE_BYTES }).parts[0].data;
  return compare(image, runs);
};
