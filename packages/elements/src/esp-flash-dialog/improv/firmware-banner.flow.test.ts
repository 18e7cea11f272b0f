// After an install, firmware that names itself as one without Improv (MicroPython's banner)
// ends the wait for Wi-Fi setup there, and the log says why.
import { expect } from "@open-wc/testing";
import { VirtualEsp, type VirtualApp } from "@esp-flash/virtual-device";
import { micropythonFirmware, mount, type Mounted } from "../../../test/helpers/harness.js";

/** MicroPython's REPL as it greets a serial port after boot. */
const micropythonRepl: VirtualApp = (io) => {
  io.print("MicroPython v1.24.1 on 2024-11-29; ESP module with ESP8266");
  io.print('Type "help()" for more information.');
  io.write(new TextEncoder().encode(">>> "));
  return { receive: () => {}, stop: () => {} };
};

let m: Mounted | undefined;
afterEach(() => {
  m?.done();
  m = undefined;
});

describe("the wait for Wi-Fi setup after an install", () => {
  it("ends at MicroPython's banner, and the log says it has no Improv", async function () {
    this.timeout(300_000);
    const { files, manifest } = micropythonFirmware();
    // The manifest leaves the wait at its default (10 s), as a MicroPython page would.
    const { new_install_improv_wait_time: _, ...withWait } = manifest;
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB", app: micropythonRepl });
    m = mount({ device, files, manifest: withWait, erase: "never" });
    await m.start();
    await m.until("summary");
    await m.press("Install");
    await m.until("improv-waiting");
    const dialog = await m.until("done");
    expect(m.text()).to.contain("Installed");
    expect(dialog.log).to.include(
      "MicroPython is running: it does not offer Wi-Fi setup over Improv.",
    );
  });
});
