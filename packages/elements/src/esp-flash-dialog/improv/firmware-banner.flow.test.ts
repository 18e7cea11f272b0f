// MicroPython and CircuitPython have no Improv Serial, and Improv's request bytes (Ctrl-A, Ctrl-C,
// Ctrl-B) would stop the program they run. The dialog learns what runs from the flash (read before
// an install, or just written) or from what the board prints, and then sends it nothing.
import { expect } from "@open-wc/testing";
import { makeSampleFirmware, VirtualEsp, type VirtualApp } from "@esp-flash/virtual-device";
import {
  manifestOf,
  micropythonFirmware,
  mount,
  type Files,
  type Mounted,
} from "../../../test/helpers/harness.js";

/** MicroPython's REPL as it greets a serial port after boot; what it is sent lands in `heard`. */
const micropythonRepl =
  (heard: number[] = []): VirtualApp =>
  (io) => {
    io.print("MicroPython v1.24.1 on 2024-11-29; ESP module with ESP8266");
    io.print('Type "help()" for more information.');
    io.write(new TextEncoder().encode(">>> "));
    return { receive: (bytes) => heard.push(...bytes), stop: () => {} };
  };

/**
 * A MicroPython program (main.py) running in a loop and printing nothing: every byte it is sent
 * is recorded per boot, and Ctrl-C (0x03) counts as the KeyboardInterrupt it would raise.
 */
function silentProgram() {
  const boots: number[][] = [];
  const app: VirtualApp = () => {
    const heard: number[] = [];
    boots.push(heard);
    return { receive: (bytes) => heard.push(...bytes), stop: () => {} };
  };
  const interrupted = () => boots.some((heard) => heard.includes(0x03));
  return { app, boots, interrupted };
}

/** The manifest as a MicroPython page writes it: the Improv wait left at its default (10 s). */
function withDefaultWait(manifest: object): object {
  const { new_install_improv_wait_time: _, ...rest } = manifest as Record<string, unknown>;
  return rest;
}

let m: Mounted | undefined;
afterEach(() => {
  m?.done();
  m = undefined;
});

describe("MicroPython and Improv", () => {
  it("after installing MicroPython, no Improv bytes reach the program it starts, and there is no wait", async function () {
    this.timeout(300_000);
    const { files, manifest } = micropythonFirmware();
    const program = silentProgram();
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB", app: program.app });
    m = mount({ device, files, manifest: withDefaultWait(manifest), erase: "never" });
    await m.start();
    await m.until("summary");
    const bootsBefore = program.boots.length;
    await m.press("Install");
    const dialog = await m.until("done");
    expect(m.views).to.not.include("improv-waiting");
    expect(dialog.log).to.include(
      "MicroPython was installed: it does not offer Wi-Fi setup over Improv, so there is nothing to wait for.",
    );
    // Give a wait that should not be running the time to send its first requests.
    await new Promise((r) => setTimeout(r, 1500));
    expect(program.boots.length).to.be.greaterThan(bootsBefore);
    expect(program.interrupted(), "a program got Ctrl-C").to.equal(false);
    expect(program.boots.slice(bootsBefore).flat()).to.deep.equal([]);
  });

  it("opening the dialog again on a board known to run MicroPython sends it nothing and skips the probe", async function () {
    this.timeout(300_000);
    const { files, manifest } = micropythonFirmware();
    const program = silentProgram();
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB", app: program.app });
    m = mount({ device, files, manifest: withDefaultWait(manifest), erase: "never" });
    await m.start();
    await m.until("summary");
    await m.press("Install");
    await m.until("done");
    await m.press("Close");
    await m.until("closed");
    const running = program.boots.at(-1)!;
    const viewsBefore = m.views.length;
    await m.start();
    await m.until("summary");
    expect(m.views.slice(viewsBefore)).to.not.include("probing");
    // The program ran until the install's reset into the bootloader, and got no byte before it.
    expect(running).to.deep.equal([]);
    expect(program.interrupted(), "a program got Ctrl-C").to.equal(false);
  });

  it("the wait after an install ends at MicroPython's banner, before any request, when the image does not say what it is", async function () {
    this.timeout(300_000);
    // An ESP32 build without an app description: only its boot output names it.
    const fw = makeSampleFirmware("esp32-merged");
    const files: Files = new Map([["merged.bin", fw.merged!]]);
    const manifest = manifestOf([{ chipFamily: "ESP32", parts: [{ name: "merged", offset: 0 }] }]);
    const heard: number[] = [];
    const device = new VirtualEsp({ chip: "ESP32", flashSize: "4MB", app: micropythonRepl(heard) });
    m = mount({ device, files, manifest: withDefaultWait(manifest), erase: "never" });
    await m.start();
    await m.until("summary");
    await m.press("Install");
    await m.until("improv-waiting");
    const dialog = await m.until("done");
    expect(m.text()).to.contain("Installed");
    expect(dialog.log).to.include(
      "MicroPython is running: it does not offer Wi-Fi setup over Improv.",
    );
    // Its banner came while the dialog was still reading: no Improv request was sent.
    expect(heard).to.deep.equal([]);
  });
});
