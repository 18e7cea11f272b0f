// The CPU work of preparing one image for writing, shared by the Node and browser runs:
// ours (patch + MD5 + deflate, as the session and esptool-js do it) against deflate alone.
import { patchImage } from "@esp-flash/core";
import { md5 } from "@noble/hashes/legacy.js";
import { deflate } from "pako";

export function prepareOurs(image) {
  const patched = patchImage(image, {
    chip: "ESP8266",
    address: 0,
    flashMode: "keep",
    flashFreq: "keep",
    flashSize: "4MB",
  });
  md5(patched.bytes);
  return deflate(patched.bytes, { level: 9 }).length;
}

export function deflateOnly(image) {
  return deflate(image, { level: 9 }).length;
}

function timeOnce(fn, image) {
  const start = performance.now();
  fn(image);
  return performance.now() - start;
}

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Medians of `runs` timings of each, alternated so that drift on a busy machine falls on both alike. */
export function compare(image, runs) {
  const ours = [];
  const pako = [];
  for (let i = 0; i < runs; i++) {
    ours.push(timeOnce(prepareOurs, image));
    pako.push(timeOnce(deflateOnly, image));
  }
  return { oursMs: median(ours), pakoMs: median(pako) };
}
