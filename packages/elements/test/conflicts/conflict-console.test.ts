// Another library defined <esp-flash-console>: opening the console ends in our error view.
import { expect } from "@open-wc/testing";
import { VirtualEsp } from "@esp-flash/virtual-device";
import { micropythonFirmware, mount, type Mounted } from "../helpers/harness.js";

customElements.define("esp-flash-console", class extends HTMLElement {});

describe("a foreign <esp-flash-console>", () => {
  let m: Mounted | undefined;
  afterEach(() => {
    m?.done();
    m = undefined;
  });

  it("shows an error instead of an empty console, with the port released", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    m = mount({ device, erase: "never", ...micropythonFirmware() });
    await m.start();
    await m.until("summary");
    await m.press("Install");
    await m.until("done");
    await m.press("Open console");
    const d = await m.until("error");
    expect(d.view.name === "error" && d.view.error.code).to.equal("element-conflict");
    expect(m.text()).to.contain("The installer could not start.");
    expect(m.text()).to.contain("Another script on this page took over a part of the installer.");
    expect(d.shadowRoot!.activeElement!.textContent).to.equal("Close");
    expect(m.port.readable).to.equal(null);
  });
});
