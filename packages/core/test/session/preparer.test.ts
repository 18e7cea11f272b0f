import { makeSampleFirmware, type VirtualEsp } from "@esp-flash/virtual-device";
import { Deflate } from "pako";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  deflateBlocks,
  FlashSession,
  prepareImage,
  UnsupportedFlashSettingError,
  type FlashOptions,
  type FlashResult,
  type Preparer,
} from "../../src/index.js";
import { board, logLines, manifest, options, record, serve } from "../helpers/session.js";

/** Everything the host sends to the device, as one byte string. */
function wiretap(device: VirtualEsp): () => Uint8Array {
  const chunks: Uint8Array[] = [];
  const receive = device.receive.bind(device);
  device.receive = (bytes, baud) => {
    chunks.push(bytes.slice());
    receive(bytes, baud);
  };
  return () => Uint8Array.from(chunks.flatMap((c) => [...c]));
}

/**
 * Does the work as a worker would: the job and the results cross a structured clone (with the
 * buffers transferred), and every pako push it makes is counted as its own.
 */
function cloningPreparer(spy: { mock: { calls: unknown[] } }) {
  const seen = { jobs: 0, blockSizes: new Set<number>(), pushes: 0 };
  const preparer: Preparer = {
    async prepare(sent, blockSize) {
      const job = structuredClone(sent, { transfer: [sent.bytes.buffer] });
      seen.jobs++;
      seen.blockSizes.add(blockSize);
      const image = prepareImage(job);
      const before = spy.mock.calls.length;
      const blocks = deflateBlocks(image.data, blockSize);
      seen.pushes += spy.mock.calls.length - before;
      return {
        image: structuredClone(image),
        deflated: Promise.resolve(
          structuredClone({ blockSize, blocks }, { transfer: blocks.map((b) => b.data.buffer) }),
        ),
      };
    },
  };
  return { preparer, seen };
}

const firmware = makeSampleFirmware("esp32-parts", {
  chip: "ESP32",
  flashSize: "2MB",
  size: 200 * 1024,
});
const files = Object.fromEntries(firmware.parts.map((p) => [`${p.name}.bin`, p.data]));
const esp32 = manifest({
  chipFamily: "ESP32",
  parts: firmware.parts.map((p) => ({ path: `${p.name}.bin`, offset: p.offset })),
});

async function flashOnce(more: Partial<FlashOptions> = {}) {
  const { device, port } = board({ chip: "ESP32", flashSize: "4MB" });
  const sent = wiretap(device);
  const session = new FlashSession(options(port, esp32, serve(files).fetch, more));
  const events = record(session);
  const result = await session.run();
  return { device, result, events, sent: sent() };
}

const comparable = ({ elapsedMs: _, ...rest }: FlashResult) => rest;
const plan = (events: [string, unknown][]) =>
  events.find(([t]) => t === "plan")![1] as { parts: { md5: string; data: Uint8Array }[] };

describe("a preparer (the browser's Web Worker) does the CPU work", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes the same bytes, MD5s and result as this thread, and nothing is deflated twice", async () => {
    const here = await flashOnce();
    const spy = vi.spyOn(Deflate.prototype, "push");
    const { preparer, seen } = cloningPreparer(spy);
    const there = await flashOnce({ preparer });

    expect(there.result.outcome).toBe("flashed");
    expect(comparable(there.result)).toEqual(comparable(here.result));
    expect(plan(there.events).parts.map((p) => p.md5)).toEqual(
      plan(here.events).parts.map((p) => p.md5),
    );
    expect(there.sent).toEqual(here.sent);
    for (const part of firmware.parts) {
      const length = plan(here.events).parts.find(
        (_, i) => esp32.builds[0]!.parts[i]!.offset === part.offset,
      )!.data.length;
      expect(there.device.flash.read(part.offset, length)).toEqual(
        here.device.flash.read(part.offset, length),
      );
    }
    expect(there.device.lastBoot?.ok, there.device.bootLog).toBe(true);
    // The patch (2MB → 4MB, SHA-256 recomputed) went through the preparer too.
    expect(there.events.filter(([t]) => t === "patch")).toEqual(
      here.events.filter(([t]) => t === "patch"),
    );
    expect(seen.jobs).toBe(firmware.parts.length);
    expect(seen.blockSizes).toEqual(new Set([0x4000])); // the stub's write size
    expect(seen.pushes).toBeGreaterThan(0);
    expect(spy.mock.calls.length).toBe(seen.pushes); // the write loop deflated nothing itself
  });

  it("when the preparer's deflate fails, says so and deflates on this thread: same bytes on the wire", async () => {
    const here = await flashOnce();
    const preparer: Preparer = {
      prepare: async (job) => ({
        image: prepareImage(job),
        deflated: Promise.reject(new Error("worker terminated")),
      }),
    };
    const there = await flashOnce({ preparer });
    expect(comparable(there.result)).toEqual(comparable(here.result));
    expect(there.sent).toEqual(here.sent);
    const logs = logLines(there.events);
    expect(logs).toContain("Compressing on this thread instead: worker terminated");
  });

  it("a preparer that only patches (its worker did not start) leaves the deflate to the write loop, and may log", async () => {
    const here = await flashOnce();
    const preparer: Preparer = {
      prepare: async (job, _blockSize, log) => {
        log("Preparing images on the page.");
        return { image: prepareImage(job) };
      },
    };
    const there = await flashOnce({ preparer });
    expect(comparable(there.result)).toEqual(comparable(here.result));
    expect(there.sent).toEqual(here.sent);
    const logs = logLines(there.events);
    expect(logs).toContain("Preparing images on the page.");
  });

  it("blocks cut for another write size are not sent: the loop deflates for its own", async () => {
    const here = await flashOnce();
    const preparer: Preparer = {
      prepare: async (job) => {
        const image = prepareImage(job);
        return {
          image,
          deflated: Promise.resolve({ blockSize: 0x400, blocks: deflateBlocks(image.data, 0x400) }),
        };
      },
    };
    const there = await flashOnce({ preparer });
    expect(there.sent).toEqual(here.sent);
    expect(there.result.outcome).toBe("flashed");
  });

  it("a re-flash of the same firmware skips every part, prepared elsewhere or not", async () => {
    const { device, port } = board({ chip: "ESP32", flashSize: "4MB" });
    await new FlashSession(options(port, esp32, serve(files).fetch)).run();
    const spy = vi.spyOn(Deflate.prototype, "push");
    const { preparer } = cloningPreparer(spy);
    const again = await new FlashSession(
      options(port, esp32, serve(files).fetch, { preparer }),
    ).run();
    expect(again.outcome).toBe("unchanged");
    expect(again.parts.every((p) => p.verified && !p.written)).toBe(true);
    expect(device.lastBoot?.ok, device.bootLog).toBe(true);
  });

  it("a preparer that fails ends the session before anything is written", async () => {
    const { device, port } = board({ chip: "ESP32", flashSize: "4MB" });
    const before = device.flash.read(0, 0x40000);
    const preparer: Preparer = { prepare: () => Promise.reject(new Error("worker crashed")) };
    const error = await new FlashSession(options(port, esp32, serve(files).fetch, { preparer }))
      .run()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      step: "preparing",
      message: expect.stringContaining("worker crashed"),
    });
    expect(device.flash.read(0, 0x40000)).toEqual(before);
  });

  it("prepareImage keeps the header's size, with a note, when a detected size cannot be encoded; refuses an explicit one", () => {
    const bootloader = firmware.parts.find((p) => p.offset === 0x1000)!.data;
    const job = {
      bytes: bootloader,
      chip: "ESP32" as const,
      address: 0x1000,
      flashMode: "keep",
      flashFreq: "keep",
      flashSize: "256MB",
    };
    const kept = prepareImage({ ...job, sizeDetected: true });
    expect(kept.notes).toEqual([
      "The image header cannot say 256MB on ESP32; keeping the header's size.",
    ]);
    expect(() => prepareImage({ ...job, sizeDetected: false })).toThrow(
      UnsupportedFlashSettingError,
    );
  });
});
