// A board without Improv firmware opens on a menu, as ESP Web Tools' does: Install, or Logs &
// console to look at the board without flashing it; Back from the console returns to the menu.
import { expect } from "@open-wc/testing";
import { makeSampleFirmware, VirtualEsp } from "@esp-flash/virtual-device";
import { manifestOf, mount, type Mounted } from "../../test/helpers/harness.js";
import { waitUntil } from "../../test/helpers/wait-until.js";

let m: Mounted | undefined;
afterEach(() => {
  m?.done();
  m = undefined;
});

const mp = (version: string, seed: number) =>
  makeSampleFirmware("esp32-merged", { seed, app: { projectName: "micropython", version } });

function micropythonBoard() {
  const flash = new Uint8Array(4 * 1024 * 1024).fill(0xff);
  flash.set(mp("v1.23.0", 1).merged!);
  flash.fill(0x42, 0x300000, 0x300010); // the person's files
  const device = new VirtualEsp({ chip: "ESP32", flashSize: "4MB", flashContents: flash });
  const manifest = {
    ...manifestOf([{ chipFamily: "ESP32", parts: [{ name: "mp", offset: 0 }] }]),
    name: "MicroPython",
    version: "1.24.1",
  };
  const files = new Map([["mp.bin", mp("v1.24.1", 2).merged!]]);
  return { device, manifest, files, before: flash.slice() };
}

const unchanged = (device: VirtualEsp, before: Uint8Array) => {
  const now = device.flash.read(0, before.length);
  return now.every((b, i) => b === before[i]);
};

describe("the menu of a board without Improv", () => {
  it("offers Install and Logs & console, says what is on the board, and writes nothing", async function () {
    this.timeout(180_000);
    const { device, manifest, files, before } = micropythonBoard();
    m = mount({ device, files, manifest, erase: "auto", menu: "stay" });
    await m.start();
    await m.until("menu");
    await waitUntil(
      () => m!.text().includes("micropython v1.23.0 is on this board."),
      "no line saying what is on the board",
    );
    expect(m.text()).to.contain("MicroPython").and.to.contain("Install MicroPython 1.24.1");
    expect(m.views).to.not.include("summary");

    // Look at the board without flashing it; Back returns to the menu, Close ends the dialog.
    await m.press("Logs & console");
    await m.until("console");
    await m.press("Back");
    await m.until("menu");
    expect(m.text()).to.contain("micropython v1.23.0 is on this board.");
    await m.press("Logs & console");
    await m.until("console");
    await m.press("Close");
    await m.until("closed");
    await waitUntil(() => m!.port.readable === null, "the port stayed open after Close");
    expect(unchanged(device, before), "the menu and console changed the flash").to.equal(true);
  });

  it("Install goes on to the confirmation, which says what happens to the data", async function () {
    this.timeout(180_000);
    const { device, manifest, files, before } = micropythonBoard();
    m = mount({ device, files, manifest, erase: "auto", menu: "stay" });
    await m.start();
    await m.until("menu");
    await m.press("Install MicroPython 1.24.1");
    await m.until("summary");
    expect(m.text())
      .to.contain("Update to MicroPython 1.24.1?")
      .and.to.contain("This updates the firmware already on the board: nothing is erased");
    await m.press("Cancel");
    await m.until("closed");
    expect(unchanged(device, before)).to.equal(true);
  });
});
