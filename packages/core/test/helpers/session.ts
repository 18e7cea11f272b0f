import { VirtualEsp, VirtualSerialPort, type VirtualEspOptions } from "@esp-flash/virtual-device";
import { FlashError, parseManifest, type Manifest } from "../../src/index.js";
import type { FlashOptions, FlashSession } from "../../src/index.js";
import { rejectionOf } from "./rejection.js";

export const BASE = "https://fw.test/";

/** A virtual board and a port onto it. */
export function board(options: VirtualEspOptions) {
  const device = new VirtualEsp({ seed: 1, ...options });
  return { device, port: new VirtualSerialPort(device) };
}

/** A fetch that serves the given files under BASE; anything else is a 404. */
export function serve(files: Record<string, Uint8Array>): {
  fetch: typeof fetch;
  requests: string[];
} {
  const requests: string[] = [];
  const fetchFn = async (input: RequestInfo | URL) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    requests.push(url);
    const name = url.startsWith(BASE) ? url.slice(BASE.length) : undefined;
    const body = name !== undefined ? files[name] : undefined;
    if (!body) return new Response("Not Found", { status: 404, statusText: "Not Found" });
    return new Response(body.slice(), {
      status: 200,
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(body.length),
      },
    });
  };
  return { fetch: fetchFn as typeof fetch, requests };
}

type BuildJson = {
  chipFamily: string;
  parts: { path: string; offset: number; sha256?: string }[];
  [key: string]: unknown;
};

export function manifest(...builds: BuildJson[]): Manifest {
  return parseManifest({ name: "Test firmware", builds }, `${BASE}manifest.json`);
}

/** Every event of a session, in order, as [type, detail]. */
export function record(session: FlashSession): [string, unknown][] {
  const seen: [string, unknown][] = [];
  for (const type of [
    "step",
    "device",
    "build",
    "plan",
    "patch",
    "download",
    "progress",
    "backup",
    "verify",
    "done",
    "error",
    "log",
  ]) {
    session.addEventListener(type, (event) => seen.push([type, (event as CustomEvent).detail]));
  }
  return seen;
}

export const steps = (events: [string, unknown][]) =>
  events.filter(([t]) => t === "step").map(([, d]) => (d as { step: string }).step);

/** The FlashError `run` rejects with (the test fails if it resolves or throws anything else). */
export const failure = (run: Promise<unknown>) => rejectionOf(run, FlashError);

export const logLines = (events: [string, unknown][]) =>
  events.filter(([t]) => t === "log").map(([, d]) => (d as { line: string }).line);

export function options(
  port: FlashOptions["port"],
  m: Manifest,
  fetchFn: typeof fetch,
  more: Partial<FlashOptions> = {},
): FlashOptions {
  return { port, manifest: m, fetch: fetchFn, ...more };
}

/**
 * The rates the chip's UART sent at, in order (repeats folded), and the rate of its first SYNC
 * reply: what the chip did, as opposed to what the host believes.
 */
export function chipRates(device: VirtualEsp): { rates: number[]; syncAnsweredAt(): number } {
  const rates: number[] = [];
  let syncRate: number | undefined;
  device.onTransmit((bytes, baud) => {
    if (rates[rates.length - 1] !== baud) rates.push(baud);
    // A SYNC reply frame starts C0 01 08.
    if (syncRate === undefined)
      for (let i = 0; i + 2 < bytes.length; i++)
        if (bytes[i] === 0xc0 && bytes[i + 1] === 0x01 && bytes[i + 2] === 0x08) syncRate = baud;
  });
  return {
    rates,
    syncAnsweredAt: () => {
      if (syncRate === undefined) throw new Error("The chip never answered a SYNC.");
      return syncRate;
    },
  };
}
