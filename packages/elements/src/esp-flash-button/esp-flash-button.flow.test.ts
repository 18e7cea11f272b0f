// The whole install through the UI, on virtual boards (@esp-flash/virtual-device).
import { expect } from "@open-wc/testing";
import { makeSampleFirmware, VirtualEsp } from "@esp-flash/virtual-device";
import { sendKeys } from "@web/test-runner-commands";
import {
  fakeFetch,
  manifestOf,
  mount,
  type Files,
  type Mounted,
} from "../../test/helpers/harness.js";
import { formatBytes } from "../esp-flash-dialog/views/shared.js";

const KB = 1024;
let m: Mounted | undefined;
afterEach(() => {
  m?.done();
  m = undefined;
});

function micropython(seed = 1) {
  const fw = makeSampleFirmware("micropython-esp8266", { seed });
  const files: Files = new Map(fw.parts.map((p) => [`${p.name}.bin`, p.data]));
  return { fw, files, parts: fw.parts.map((p) => ({ name: p.name, offset: p.offset })) };
}
/** ESP8266 header byte 3, high nibble: 2 = 1MB, 4 = 4MB. */
const sizeNibble = (dev: VirtualEsp) => dev.flash.read(0, 4)[3]! >> 4;

describe("<esp-flash-button> flows on a virtual board", () => {
  it("flashes MicroPython onto a 4MB ESP8266: reports the header fix, verifies, boots", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    const { files, parts } = micropython();
    m = mount({ device, files, manifest: manifestOf([{ chipFamily: "ESP8266", parts }]) });
    const done = new Promise<CustomEvent>((r) =>
      m!.el.addEventListener("esp-flash-done", r, { once: true }),
    );
    await m.start();
    await m.until("summary");
    expect(m.text()).to.contain(
      "Firmware header says 1 MB, this board has 4 MB — fixed while writing.",
    );
    expect(m.text()).to.contain("4 MB");
    await m.press("Next");
    await m.until("erase");
    await m.press("Install");
    await m.until("done");
    expect((await done).detail.result).to.include({ outcome: "flashed" });
    expect(sizeNibble(device)).to.equal(4);
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
    expect(m.views).to.include.members([
      "connecting",
      "summary",
      "erase",
      "progress",
      "verifying",
      "done",
    ]);
    await m.press("Open console");
    await m.until("console");
    await m.press("Close");
    await m.until("closed");
  });

  it("installs MicroPython on an ESP32-S2 over its ROM's USB-OTG port (an S2 mini held in BOOT): verified, and it boots", async () => {
    const device = new VirtualEsp({
      chip: "ESP32-S2",
      usb: "usb-otg",
      flashSize: "4MB",
      usbReenumerateMs: 50,
    });
    const merged = makeSampleFirmware("esp32-merged", {
      chip: "ESP32-S2",
      flashSize: "4MB",
      size: 256 * KB,
    }).merged!;
    const image = merged.subarray(0x1000);
    const files: Files = new Map([["firmware.bin", image]]);
    m = mount({
      device,
      files,
      erase: "never",
      manifest: manifestOf([
        { chipFamily: "ESP32-S2", parts: [{ name: "firmware", offset: 0x1000 }] },
      ]),
    });
    const done = new Promise<CustomEvent>((r) =>
      m!.el.addEventListener("esp-flash-done", r, { once: true }),
    );
    await m.start();
    await m.until("summary");
    await m.press("Install");
    await m.until("done");
    const result = (await done).detail.result;
    expect(result.outcome).to.equal("flashed");
    expect(result.device.usb).to.equal("usb-otg");
    expect(result.device.stub).to.equal(true);
    expect(result.parts[0]).to.include({ written: true, verified: true });
    // The reset into the firmware took the ROM's USB port away: reported, not hidden, and no
    // console offered on a connection the board has left.
    expect(result.restart).to.equal("left-usb");
    expect(m.text()).to.contain("left USB as it restarted");
    expect(m.text()).not.to.contain("has restarted into it");
    const labels = [...m.dialog()!.shadowRoot!.querySelectorAll("button")].map((b) =>
      b.textContent?.trim(),
    );
    expect(labels).to.include("Close");
    expect(labels).not.to.include("Open console");
    expect(Array.from(device.flash.read(0x1000, 64))).to.deep.equal(
      Array.from(image.subarray(0, 64)),
    );
    await new Promise((r) => setTimeout(r, 150));
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
  });

  it("installing the same firmware again writes nothing, says so, and erases only when asked", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    const { files, parts } = micropython();
    const manifest = manifestOf([{ chipFamily: "ESP8266", parts }]);
    m = mount({ device, files, manifest, erase: "never" });
    await m.start();
    await m.until("summary");
    await m.press("Install");
    await m.until("done");
    m.done();

    m = mount({ device, files, manifest });
    const done = new Promise<CustomEvent>((r) =>
      m!.el.addEventListener("esp-flash-done", r, { once: true }),
    );
    await m.start();
    await m.until("summary");
    expect(m.text()).to.contain(
      "Already installed — nothing to write; the board will be checked and restarted.",
    );
    expect(m.text()).to.not.contain("fixed while writing");
    await m.press("Continue");
    await m.until("done");
    expect((await done).detail.result).to.include({ outcome: "unchanged", bytesWritten: 0 });
    expect(m.text()).to.contain("Already up to date");
    expect(m.views).to.not.include.members(["erase", "progress"]);
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
    m.done();

    // Asked for: erase, and the size to write follows the box.
    m = mount({ device, files, manifest });
    await m.start();
    await m.until("summary");
    await m.press("Erase and reinstall…");
    await m.until("erase");
    const size = () => m!.dialog()!.shadowRoot!.querySelector("[role=status]")!.textContent!;
    const ticked = size();
    const box = m.dialog()!.shadowRoot!.querySelector<HTMLInputElement>("input[type=checkbox]")!;
    expect(box.checked).to.equal(true);
    box.click();
    await m.dialog()!.updateComplete;
    expect(size()).to.equal("To write: 0 bytes");
    box.click();
    await m.dialog()!.updateComplete;
    expect(size()).to.equal(ticked);
    const written = new Promise<CustomEvent>((r) =>
      m!.el.addEventListener("esp-flash-done", r, { once: true }),
    );
    await m.press("Install");
    await m.until("done");
    const result = (await written).detail.result;
    expect(result.outcome).to.equal("flashed");
    expect(ticked).to.equal(`To write: ${formatBytes(result.bytesWritten)}`);
    expect(m.text()).to.contain("was written and verified");
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
  });

  it("an install that erases says so on the confirmation, before anything is erased (no new_install_prompt_erase)", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    // The person's files, far from the firmware: only an erase removes them.
    device.flash.program(0x300000, new Uint8Array(16).fill(0x42));
    const { files, parts } = micropython();
    // ESP Web Tools' default: no erase attribute, no new_install_prompt_erase → a new install erases.
    m = mount({
      device,
      files,
      manifest: manifestOf([{ chipFamily: "ESP8266", parts }]),
      erase: "auto",
    });
    await m.start();
    await m.until("summary");
    const fate = () => m!.dialog()!.shadowRoot!.querySelector("[data-fate]");
    expect(fate()?.getAttribute("data-fate")).to.equal("erase");
    expect(m.text()).to.contain(
      "All data on the board will be erased: files, Wi-Fi settings and anything else saved on it.",
    );
    expect([...device.flash.read(0x300000, 4)]).to.deep.equal([0x42, 0x42, 0x42, 0x42]);
    await m.press("Install");
    await m.until("done");
    expect([...device.flash.read(0x300000, 4)]).to.deep.equal([0xff, 0xff, 0xff, 0xff]);
  });

  it("an install that keeps the data says so; the erase box says what it will do", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    device.flash.program(0x300000, new Uint8Array(16).fill(0x42));
    const { files, parts } = micropython();
    m = mount({
      device,
      files,
      manifest: manifestOf([{ chipFamily: "ESP8266", parts }]),
      erase: "never",
    });
    await m.start();
    await m.until("summary");
    expect(m.text()).to.contain(
      "Nothing is erased: only the firmware's own areas are written. Files and settings saved elsewhere on the board are kept.",
    );
    m.done();

    m = mount({ device, files, manifest: manifestOf([{ chipFamily: "ESP8266", parts }]) });
    await m.start();
    await m.until("summary");
    expect(m.text()).to.contain("Next, you choose whether the data on the board is erased.");
    await m.press("Next");
    await m.until("erase");
    const fate = () =>
      m!.dialog()!.shadowRoot!.querySelector("[data-fate]")!.getAttribute("data-fate");
    expect(fate()).to.equal("keep");
    m.dialog()!.shadowRoot!.querySelector<HTMLInputElement>("input[type=checkbox]")!.click();
    await m.dialog()!.updateComplete;
    expect(fate()).to.equal("erase");
    expect(m.text()).to.contain("All data on the board will be erased");
  });

  it("new_install_skip_erase: true asks whether to erase (as ESP Web Tools does) and keeps data unless ticked", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    device.flash.program(0x300000, new Uint8Array(16).fill(0x42));
    const { files, parts } = micropython();
    const manifest = {
      ...manifestOf([{ chipFamily: "ESP8266", parts }]),
      new_install_skip_erase: true,
    };
    m = mount({ device, files, manifest, erase: "auto" });
    await m.start();
    await m.until("summary");
    expect(m.text()).to.not.contain("All data on the board will be erased");
    await m.press("Next");
    await m.until("erase");
    await m.press("Install");
    await m.until("done");
    expect([...device.flash.read(0x300000, 4)]).to.deep.equal([0x42, 0x42, 0x42, 0x42]);
  });

  it("Escape while writing does not stop the install (as in ESP Web Tools)", async function () {
    this.timeout(120_000);
    // Realtime: the write takes seconds, as on a desk, so the Escapes land while it runs (an
    // instant board could be done first, and Escape on "done" closes the dialog).
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB", timing: "realtime" });
    const { files, parts } = micropython();
    m = mount({
      device,
      files,
      manifest: manifestOf([{ chipFamily: "ESP8266", parts }]),
      erase: "never",
    });
    await m.start();
    await m.until("summary");
    await m.press("Install");
    await m.until("progress");
    for (let i = 0; i < 3; i++) await sendKeys({ press: "Escape" });
    await m.until("done");
    expect(m.views).to.not.include.members(["error", "closed"]);
    expect(m.dialog()!.shadowRoot!.querySelector("dialog")!.open).to.equal(true);
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
    // Outside the write, Escape still closes.
    const closed = m.until("closed");
    await sendKeys({ press: "Escape" });
    await closed;
  });

  it("takes a blob: manifest URL (ESP Web Tools' generated manifests)", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    const { files, parts } = micropython();
    const manifest = manifestOf([{ chipFamily: "ESP8266", parts }]);
    // Generated pages give full URLs; a relative path resolves against the page.
    manifest.builds[0]!.parts[0]!.path = new URL(
      manifest.builds[0]!.parts[0]!.path,
      location.href,
    ).href;
    const url = URL.createObjectURL(
      new Blob([JSON.stringify(manifest)], { type: "application/json" }),
    );
    try {
      m = mount({ device, files, manifest: {}, erase: "never" });
      const served = fakeFetch(files);
      m.el.manifest = url;
      m.el.fetch = (input, init) =>
        String(input instanceof Request ? input.url : input).startsWith("blob:")
          ? fetch(input, init)
          : served(input, init);
      await m.start();
      await m.until("summary");
      await m.press("Install");
      await m.until("done");
      expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
    } finally {
      URL.revokeObjectURL(url);
    }
  });

  it("a refused manifest URL is named as the manifest's problem, not the board's", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    m = mount({ device, files: new Map(), manifest: {} });
    m.el.manifest = "ftp://example.com/manifest.json";
    await m.start();
    await m.until("error");
    expect(m.text()).to.contain("The firmware description (manifest) cannot be used.");
    expect(m.text()).to.not.contain("Could not talk to the board");
  });

  it("knows what is on the board: another MicroPython version is an update that keeps the files, and says so", async function () {
    this.timeout(120_000);
    const mp = (version: string, seed: number) =>
      makeSampleFirmware("esp32-merged", { seed, app: { projectName: "micropython", version } });
    const flash = new Uint8Array(4 * 1024 * 1024).fill(0xff);
    flash.set(mp("v1.23.0", 1).merged!);
    flash.fill(0x42, 0x300000, 0x300010); // the person's files
    const device = new VirtualEsp({ chip: "ESP32", flashSize: "4MB", flashContents: flash });
    const next = mp("v1.24.1", 2);
    const manifest = {
      ...manifestOf([{ chipFamily: "ESP32", parts: [{ name: "mp", offset: 0 }] }]),
      name: "MicroPython",
      version: "1.24.1",
    };
    // No erase attribute and no new_install_prompt_erase: ESP Web Tools would erase here.
    m = mount({ device, files: new Map([["mp.bin", next.merged!]]), manifest, erase: "auto" });
    await m.start();
    await m.until("summary");
    expect(m.text())
      .to.contain("Update to MicroPython 1.24.1?")
      .and.to.contain("MicroPython v1.23.0 is on this board.")
      .and.to.contain("This updates the firmware already on the board: nothing is erased");
    expect(m.text()).to.not.contain("All data on the board will be erased");
    await m.press("Install");
    await m.until("done");
    expect([...device.flash.read(0x300000, 4)]).to.deep.equal([0x42, 0x42, 0x42, 0x42]);
    // The new app is there (the bootloader's header was patched for the 4 MB flash, so not it).
    const app = device.flash.read(0x10000, 4096);
    expect(app.every((b, i) => b === next.merged![0x10000 + i])).to.equal(true);
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
  });

  it("another project on the board is a new install: it says what is there and that all data will be erased", async function () {
    this.timeout(120_000);
    const flash = new Uint8Array(4 * 1024 * 1024).fill(0xff);
    flash.set(
      makeSampleFirmware("esp32-merged", {
        app: { projectName: "esphome-web", version: "2024.6.0" },
      }).merged!,
    );
    const device = new VirtualEsp({ chip: "ESP32", flashSize: "4MB", flashContents: flash });
    const next = makeSampleFirmware("esp32-merged", {
      seed: 2,
      app: { projectName: "micropython", version: "v1.24.1" },
    });
    const manifest = {
      ...manifestOf([{ chipFamily: "ESP32", parts: [{ name: "mp", offset: 0 }] }]),
      name: "MicroPython",
      version: "1.24.1",
    };
    m = mount({ device, files: new Map([["mp.bin", next.merged!]]), manifest, erase: "auto" });
    await m.start();
    await m.until("summary");
    expect(m.text())
      .to.contain("Install MicroPython 1.24.1?")
      .and.to.contain("esphome-web 2024.6.0 is on this board.")
      .and.to.contain("All data on the board will be erased");
    await m.press("Cancel");
    await m.until("closed");
  });

  it("flashes an ESP32 merged image", async () => {
    const device = new VirtualEsp({ chip: "ESP32", flashSize: "4MB" });
    const fw = makeSampleFirmware("esp32-merged");
    m = mount({
      device,
      erase: "never",
      files: new Map([["merged.bin", fw.merged!]]),
      manifest: manifestOf([{ chipFamily: "ESP32", parts: [{ name: "merged", offset: 0 }] }]),
    });
    await m.start();
    await m.until("summary");
    await m.press("Install");
    await m.until("done");
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
  });

  it("lets the person choose between two builds for one chip", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    const a = makeSampleFirmware("app", { chip: "ESP8266", seed: 1, size: 64 * KB });
    const b = makeSampleFirmware("app", { chip: "ESP8266", seed: 2, size: 64 * KB });
    const files: Files = new Map([
      ["a.bin", a.parts[0]!.data],
      ["b.bin", b.parts[0]!.data],
    ]);
    m = mount({
      device,
      files,
      erase: "never",
      manifest: manifestOf([
        { chipFamily: "ESP8266", name: "Build A", parts: [{ name: "a", offset: 0 }] },
        { chipFamily: "ESP8266", name: "Build B", parts: [{ name: "b", offset: 0 }] },
      ]),
    });
    await m.start();
    await m.until("choose-build");
    await m.press("Build B");
    await m.until("summary");
    await m.press("Install");
    await m.until("done");
    expect(m.requests.some((r) => r.endsWith("/b.bin"))).to.equal(true);
    expect(m.requests.some((r) => r.endsWith("/a.bin"))).to.equal(false);
    const tail = b.parts[0]!.data.length - 16;
    expect([...device.flash.read(tail, 16)]).to.deep.equal([...b.parts[0]!.data.subarray(tail)]);
  });
});
