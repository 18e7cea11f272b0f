// "Back up the board's current flash first", through the UI on a virtual board: the file the
// browser downloads holds the board's previous flash; a stop or a failure leaves it untouched.
import { expect } from "@open-wc/testing";
import { makeSampleFirmware, VirtualEsp } from "@esp-flash/virtual-device";
import { manifestOf, mount, type Files, type Mounted } from "../../test/helpers/harness.js";

const MAC = "24:0a:c4:00:11:22";
let m: Mounted | undefined;
let downloads: { name: string; bytes: Promise<Uint8Array> }[] = [];
const realClick = HTMLAnchorElement.prototype.click;

// The dialog downloads with a Blob URL behind an <a download>: record what the browser would save.
beforeEach(() => {
  downloads = [];
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    if (!this.download) return realClick.call(this);
    const bytes = fetch(this.href)
      .then((r) => r.arrayBuffer())
      .then((b) => new Uint8Array(b));
    downloads.push({ name: this.download, bytes });
  };
});
afterEach(() => {
  HTMLAnchorElement.prototype.click = realClick;
  m?.done();
  m = undefined;
});

function firmware(seed: number) {
  const fw = makeSampleFirmware("micropython-esp8266", { seed });
  const files: Files = new Map(fw.parts.map((p) => [`${p.name}.bin`, p.data]));
  return {
    files,
    manifest: manifestOf([
      { chipFamily: "ESP8266", parts: fw.parts.map((p) => ({ name: p.name, offset: p.offset })) },
    ]),
  };
}

const SIZE = 1024 * 1024;
/** A 1MB ESP8266 whose flash holds something else (every byte of it, so none is left unchecked). */
function boardWithOldContents(timing: "instant" | "realtime" = "instant"): {
  device: VirtualEsp;
  before: Uint8Array;
} {
  let x = 0x2545f491;
  const before = new Uint8Array(SIZE).map(() => (x = (x * 1103515245 + 12345) >>> 0) >>> 24);
  const device = new VirtualEsp({
    chip: "ESP8266",
    flashSize: "1MB",
    mac: MAC,
    timing,
    flashContents: before.slice(),
  });
  return { device, before };
}

/** Summary → erase view → tick the backup → Install. */
async function installWithBackup(mm: Mounted): Promise<void> {
  await mm.until("summary");
  await mm.press("Next");
  const d = await mm.until("erase");
  const box = d.shadowRoot!.querySelector<HTMLInputElement>("label.backup input")!;
  expect(box.checked, "unticked by default").to.equal(false);
  box.click();
  await d.updateComplete;
  await mm.press("Install");
}

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};
const same = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((x, i) => x === b[i]);
/** Until the session has let go of the port (it reset the board and closed it). */
async function released(mm: Mounted): Promise<void> {
  for (let i = 0; i < 200 && mm.port.readable; i++) await new Promise((r) => setTimeout(r, 25));
  expect(mm.port.readable, "port released").to.equal(null);
}

describe("<esp-flash-button> backup before install", () => {
  it("downloads the board's previous flash, then installs and verifies", async () => {
    const { device, before } = boardWithOldContents();
    m = mount({ device, ...firmware(2) });
    const done = new Promise<CustomEvent>((r) =>
      m!.el.addEventListener("esp-flash-done", r, { once: true }),
    );
    const shown: string[] = [];
    const mm = m;
    mm.el.addEventListener("esp-flash-state", () => {
      const v = mm.dialog()?.view;
      if (v?.name === "backup" && v.progress) shown.push(mm.text());
    });
    await m.start();
    await installWithBackup(m);
    await m.until("done");

    expect(downloads.map((d) => d.name)).to.deep.equal([
      `esp8266_24-0a-c4-00-11-22_${today()}.bin`,
    ]);
    const file = await downloads[0]!.bytes;
    expect(file.length).to.equal(SIZE);
    expect(same(file, before), "the file is the board's flash from before the install").to.equal(
      true,
    );
    expect(shown.some((t) => t.includes("Backing up…") && / of 1 MB/.test(t))).to.equal(true);
    expect(m.views.indexOf("progress")).to.be.above(m.views.indexOf("erase"));
    expect(m.views.slice(m.views.indexOf("erase"))).to.deep.equal([
      "erase",
      "backup",
      "progress",
      "verifying",
      "done",
    ]);
    const result = (await done).detail.result;
    expect(result.outcome).to.equal("flashed");
    expect(result.parts.every((p: { verified: boolean }) => p.verified)).to.equal(true);
    expect(same(device.flash.read(0, before.length), before)).to.equal(false);
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
  });

  it("Stop while backing up closes the dialog with nothing written and nothing downloaded", async () => {
    // At the wire's real pace, so the read is still going when Stop is pressed.
    const { device, before } = boardWithOldContents("realtime");
    m = mount({ device, ...firmware(2) });
    const closed = m.until("closed");
    await m.start();
    await installWithBackup(m);
    const d = await m.until("backup");
    const v = d.view;
    await m.press("Stop");
    expect(v.name === "backup" && (v.progress?.read ?? 0) < SIZE, "stopped mid-read").to.equal(
      true,
    );
    await closed;
    await released(m);
    expect(m.views).to.not.include("progress");
    expect(downloads).to.have.length(0);
    expect(same(device.flash.read(0, before.length), before), "flash untouched").to.equal(true);
  });

  it("an unplug while backing up ends in an error view with nothing written; Retry then backs up and installs", async () => {
    const { device, before } = boardWithOldContents();
    m = mount({ device, ...firmware(2) });
    await m.start();
    await installWithBackup(m);
    await m.until("backup");
    device.inject({ kind: "disconnect", afterBytes: 0 });
    const d = await m.until("error");
    const v = d.view;
    expect(v.name === "error" && [v.error.step, v.error.code]).to.deep.equal([
      "reading",
      "device-lost",
    ]);
    expect(m.text()).to.contain("The backup could not be made; nothing was written.");
    expect(d.shadowRoot!.querySelector(".primary")!.textContent).to.equal("Retry");
    expect(downloads).to.have.length(0);
    expect(same(device.flash.read(0, before.length), before), "flash untouched").to.equal(true);

    device.clearFaults();
    device.reconnect();
    await m.press("Retry");
    await m.until("summary");
    await m.press("Next");
    const erase = await m.until("erase");
    expect(
      erase.shadowRoot!.querySelector<HTMLInputElement>("label.backup input")!.checked,
      "the choice is kept",
    ).to.equal(true);
    await m.press("Install");
    await m.until("done");
    expect(downloads).to.have.length(1);
    expect(same(await downloads[0]!.bytes, before)).to.equal(true);
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
  });

  it("a download the browser refuses ends in an error view with advice, nothing written", async () => {
    const { device, before } = boardWithOldContents();
    m = mount({ device, ...firmware(2) });
    const createObjectURL = URL.createObjectURL;
    URL.createObjectURL = () => {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
    try {
      await m.start();
      await installWithBackup(m);
      const d = await m.until("error");
      const v = d.view;
      expect(v.name === "error" && [v.error.step, v.error.code]).to.deep.equal([
        "reading",
        "backup-failed",
      ]);
      expect(m.text()).to.contain("The backup was read but the browser did not save the file.");
      expect(m.text()).to.contain(
        "Allow downloads for this site and free some disk space, then retry.",
      );
    } finally {
      URL.createObjectURL = createObjectURL;
    }
    await released(m);
    expect(same(device.flash.read(0, before.length), before), "flash untouched").to.equal(true);
  });
});
