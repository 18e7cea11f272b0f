// Another library defined <esp-flash-dialog> before us: the button must not hand the flow to
// that element (it would sit there with the port open); it says so and leaves the port free.
import { expect, waitUntil } from "@open-wc/testing";
import { makeSampleFirmware, VirtualEsp } from "@esp-flash/virtual-device";
import { manifestOf, mount, type Mounted } from "./harness.js";

customElements.define("esp-flash-dialog", class extends HTMLElement {});

describe("a foreign <esp-flash-dialog>", () => {
  let m: Mounted | undefined;
  afterEach(() => {
    m?.done();
    m = undefined;
  });

  it("ends in a clear error and a released port", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    const fw = makeSampleFirmware("micropython-esp8266");
    m = mount({
      device,
      files: new Map(fw.parts.map((p) => [`${p.name}.bin`, p.data])),
      manifest: manifestOf([
        { chipFamily: "ESP8266", parts: fw.parts.map((p) => ({ name: p.name, offset: p.offset })) },
      ]),
    });
    const error = new Promise<CustomEvent>((r) =>
      m!.el.addEventListener("esp-flash-error", r, { once: true }),
    );
    await m.start();
    expect((await error).detail.code).to.equal("element-conflict");
    await waitUntil(() => m!.el.shadowRoot!.querySelector("dialog"), "no note shown");
    const note = m.el.shadowRoot!.querySelector("dialog")!;
    expect(note.open).to.equal(true);
    expect(note.textContent).to.contain("The installer could not start");
    expect(note.textContent).to.contain("Another script on this page uses its element names.");
    expect(m.el.shadowRoot!.querySelector("esp-flash-dialog")).to.equal(null);
    expect(m.port.readable).to.equal(null);
    expect(device.flash.read(0, 16).every((x) => x === 0xff)).to.equal(true);
    note.querySelector("button")!.click();
    await new Promise((r) => setTimeout(r));
    expect(m.el.shadowRoot!.querySelector("dialog")).to.equal(null);
  });
});
