import { expect } from "@open-wc/testing";
import {
  deflateBlocks,
  prepareImage,
  UnsupportedFlashSettingError,
  type ImageJob,
} from "@esp-flash/core";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { WorkerPreparer } from "./worker-preparer.js";

const firmware = makeSampleFirmware("esp32-parts", {
  chip: "ESP32",
  flashSize: "2MB",
  size: 1024 * 1024,
});
const jobFor = (offset: number, more: Partial<ImageJob> = {}): ImageJob => ({
  bytes: firmware.parts.find((p) => p.offset === offset)!.data.slice(),
  chip: "ESP32",
  address: offset,
  flashMode: "dio",
  flashFreq: "keep",
  flashSize: "4MB",
  sizeDetected: true,
  ...more,
});

describe("WorkerPreparer", () => {
  it("gives back what prepareImage and deflateBlocks give on the page, and the job's buffer moved to the worker", async () => {
    const preparer = new WorkerPreparer();
    const log: string[] = [];
    try {
      for (const part of firmware.parts) {
        const job = jobFor(part.offset);
        const expected = prepareImage(jobFor(part.offset));
        const { image, deflated } = await preparer.prepare(job, 0x4000, (l) => log.push(l));
        expect(job.bytes.byteLength).to.equal(0); // transferred, not copied
        expect(image.md5).to.equal(expected.md5);
        expect(image.data).to.deep.equal(expected.data);
        expect(image.patch.outcome).to.equal(expected.patch.outcome);
        expect(image.patch.changes).to.deep.equal(expected.patch.changes);
        const blocks = await deflated!;
        expect(blocks.blockSize).to.equal(0x4000);
        expect(blocks.blocks).to.deep.equal(deflateBlocks(expected.data, 0x4000));
      }
      expect(log).to.deep.equal(["Preparing images (patch, MD5, compression) in a Web Worker."]);
    } finally {
      preparer.close();
    }
  });

  it("a part the worker cannot patch fails on the page with core's typed error", async () => {
    const preparer = new WorkerPreparer();
    try {
      const job = jobFor(0x1000, { flashSize: "256MB", sizeDetected: false });
      const error = await preparer.prepare(job, 0x4000, () => {}).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(UnsupportedFlashSettingError);
    } finally {
      preparer.close();
    }
  });

  it("when the worker's script does not load, prepares on the page and says why, once", async () => {
    const preparer = new WorkerPreparer(
      () => new Worker(new URL("./missing-worker.js", import.meta.url), { type: "module" }),
    );
    const log: string[] = [];
    const first = await preparer.prepare(jobFor(0x1000), 0x4000, (l) => log.push(l));
    const second = await preparer.prepare(jobFor(0x10000), 0x4000, (l) => log.push(l));
    expect(first.deflated).to.equal(undefined); // the write loop deflates it
    expect(second.image.md5).to.equal(prepareImage(jobFor(0x10000)).md5);
    expect(log).to.have.length(1);
    expect(log[0]).to.match(
      /^Preparing images on the page: the Web Worker did not start \(it failed.*\)\.$/,
    );
    preparer.close();
  });

  it("close() ends the worker: a deflate still running is reported as failed, for the write loop to redo", async () => {
    const preparer = new WorkerPreparer();
    const { deflated } = await preparer.prepare(jobFor(0x10000), 0x4000, () => {});
    preparer.close();
    // The worker answers with the image before it starts deflating the 1 MB app at level 9.
    const outcome = await deflated!.then(
      () => "deflated",
      (e: Error) => e.message,
    );
    expect(outcome).to.equal("the Web Worker stopped: the install ended");
  });
});
