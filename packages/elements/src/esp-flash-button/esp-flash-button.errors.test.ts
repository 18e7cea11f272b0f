// Cancelling and failing at each step, through the UI, then recovering.
import { expect } from "@open-wc/testing";
import { makeSampleFirmware, VirtualEsp } from "@esp-flash/virtual-device";
import { manifestOf, mount, type Files, type Mounted } from "../../test/helpers/harness.js";
import { waitUntil } from "../../test/helpers/wait-until.js";
import type { ViewName } from "../esp-flash-dialog/view-state.js";

let m: Mounted | undefined;
afterEach(() => {
  m?.done();
  m = undefined;
});

const fw = makeSampleFirmware("micropython-esp8266");
const files = (): Files => new Map(fw.parts.map((p) => [`${p.name}.bin`, p.data]));
const parts = fw.parts.map((p) => ({ name: p.name, offset: p.offset }));
const blank = (d: VirtualEsp) => d.flash.read(0, 16).every((x) => x === 0xff);
const start = (mm: Mounted) => mm.start();
const builds2 = manifestOf([
  { chipFamily: "ESP8266", name: "One", parts },
  { chipFamily: "ESP8266", name: "Two", parts },
]);

async function installAgain(mm: Mounted, device: VirtualEsp) {
  await start(mm);
  await installFromBuildChoice(mm, device);
}

/** From the build choice to Install, as a person clicks through. */
async function clickToInstall(mm: Mounted) {
  await mm.until("choose-build");
  await mm.press("One");
  await mm.until("summary");
  await mm.press("Next");
  await mm.until("erase");
  await mm.press("Install");
}

async function installFromBuildChoice(mm: Mounted, device: VirtualEsp) {
  await clickToInstall(mm);
  await mm.until("done");
  expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
}

describe("<esp-flash-button> cancel and errors", () => {
  it("shows help when the port picker is cancelled, and goes on from there", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    let pick: "port" | null = null;
    m = mount({ device, files: files(), manifest: builds2, choose: () => pick });
    await start(m);
    await m.until("port-cancelled");
    expect(m.text()).to.contain("dialout");
    pick = "port";
    await m.press("Choose a port");
    await m.until("choose-build");
  });

  const cancelAt: [ViewName, string][] = [
    ["connecting", "Cancel"],
    ["choose-build", "Cancel"],
    ["summary", "Cancel"],
    ["erase", "Cancel"],
  ];
  for (const [view, label] of cancelAt) {
    it(`cancel at ${view} closes the dialog; installing again works`, async () => {
      const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
      m = mount({ device, files: files(), manifest: builds2 });
      const closed = m.until("closed");
      await start(m);
      const before: [ViewName, string][] = [
        ["choose-build", "One"],
        ["summary", "Next"],
        ["erase", "Install"],
      ];
      const order: ViewName[] = ["connecting", ...before.map(([v]) => v), "progress"];
      for (const [s, answer] of before.slice(0, Math.max(0, order.indexOf(view) - 1))) {
        await m.until(s);
        await m.press(answer);
      }
      await m.until(view);
      await m.press(label);
      await closed;
      expect(blank(device)).to.equal(true);
      await new Promise((r) => setTimeout(r, 50));
      expect(m.dialog()).to.equal(null);
      await installAgain(m, device);
    });
  }

  it("Stop while writing says what the flash holds now, and Install again installs", async () => {
    // Realtime: the write takes seconds, as on a desk, so Stop lands in the middle of it.
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB", timing: "realtime" });
    m = mount({ device, files: files(), manifest: builds2 });
    await start(m);
    await clickToInstall(m);
    await m.until("progress");
    // Stopped once the chip has taken the first blocks (before that, the honest report is that
    // the chip never confirmed the write began).
    await waitUntil(() => device.flash.read(0, 1)[0] !== 0xff, "the first blocks are written");
    await m.press("Stop");
    await m.until("error");
    expect(m.views).not.to.include("closed");
    const text = m.text();
    expect(text).to.contain("Installing stopped");
    expect(text).to.contain(
      `${fw.parts[0]!.name}.bin at 0x0 is incomplete: the board will not start it until you install again.`,
    );
    expect(text).to.contain("Install again before using the board.");
    expect(m.port.readable, "the port is released").to.equal(null);
    await m.press("Install again");
    await installFromBuildChoice(m, device);
  });

  it("stops and releases the port when the element is removed mid-install; put back, it starts clean", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    m = mount({ device, files: files(), manifest: builds2 });
    await start(m);
    await clickToInstall(m);
    await m.until("progress");
    const parent = m.el.parentElement!;
    m.el.remove();
    for (let i = 0; i < 100 && m.port.readable; i++) await new Promise((r) => setTimeout(r, 20));
    expect(m.port.readable).to.equal(null);
    expect(m.views.at(-1)).to.equal("closed");
    await new Promise((r) => setTimeout(r, 20));
    expect(m.el.shadowRoot!.querySelector("esp-flash-dialog, dialog")).to.equal(null);
    parent.append(m.el);
    await installAgain(m, device);
  });

  it("keeps going when the element is only moved", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    m = mount({
      device,
      files: files(),
      erase: "never",
      manifest: manifestOf([{ chipFamily: "ESP8266", parts }]),
    });
    await start(m);
    await m.until("summary");
    const box = document.createElement("div");
    document.body.append(box);
    box.append(m.el); // a framework re-parenting the element
    await m.press("Install");
    await m.until("done");
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
    box.remove();
  });

  it("says when the manifest has no build for the chip", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    m = mount({ device, files: files(), manifest: manifestOf([{ chipFamily: "ESP32", parts }]) });
    const error = new Promise<CustomEvent>((r) =>
      m!.el.addEventListener("esp-flash-error", r, { once: true }),
    );
    await start(m);
    await m.until("error");
    expect((await error).detail.code)
      .to.be.a("string")
      .and.not.equal("");
    // Retry would fail the same way; another port (another board) may fit.
    expect(m.text()).to.not.contain("Retry");
    expect(m.dialog()!.shadowRoot!.activeElement!.textContent).to.equal("Choose another port");
    expect(m.text()).to.contain("This firmware has no build for the ESP8266.");
    expect(blank(device)).to.equal(true);
  });

  it("reports a download 404, and Retry succeeds once the file is there", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    const served: Files = new Map();
    m = mount({
      device,
      files: served,
      erase: "never",
      manifest: manifestOf([{ chipFamily: "ESP8266", parts }]),
    });
    await start(m);
    await m.until("error");
    expect(m.text()).to.contain("404");
    for (const [k, v] of files()) served.set(k, v);
    await m.press("Retry");
    await m.until("summary");
    await m.press("Install");
    await m.until("done");
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
  });

  it("refuses an image larger than the flash before writing anything", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "1MB" });
    const big = makeSampleFirmware("app", { chip: "ESP8266", size: 1536 * 1024 });
    m = mount({
      device,
      erase: "never",
      files: new Map([["big.bin", big.parts[0]!.data]]),
      manifest: manifestOf([{ chipFamily: "ESP8266", parts: [{ name: "big", offset: 0 }] }]),
    });
    await start(m);
    await m.until("error");
    const v = m.dialog()!.view;
    expect(v.name === "error" && v.error.code).to.equal("image-too-large");
    expect(m.text()).to.contain("The firmware is larger than this board's flash (1 MB).");
    expect(m.text()).to.not.contain("Retry");
    expect(m.dialog()!.shadowRoot!.activeElement!.textContent).to.equal("Close");
    expect(blank(device)).to.equal(true);
  });

  it("explains an unplug mid-write, and Retry after plugging back in succeeds", async () => {
    const device = new VirtualEsp({
      chip: "ESP8266",
      flashSize: "4MB",
      faults: [{ kind: "disconnect", atAddress: 0x20000 }],
    });
    m = mount({
      device,
      files: files(),
      erase: "never",
      manifest: manifestOf([{ chipFamily: "ESP8266", parts }]),
    });
    await start(m);
    await m.until("summary");
    await m.press("Install");
    await m.until("error");
    const v = m.dialog()!.view;
    expect(
      v.name === "error" && ["writing", "erasing", "verifying"].includes(v.error.step),
    ).to.equal(true);
    expect(m.text()).to.contain("Writing to the board failed.");
    device.clearFaults();
    device.reconnect();
    await m.press("Retry");
    await m.until("summary");
    await m.press("Install");
    await m.until("done");
    expect(device.lastBoot?.ok, device.bootLog).to.equal(true);
  });
});
