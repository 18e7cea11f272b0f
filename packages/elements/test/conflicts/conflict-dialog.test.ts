// Another library defined <esp-flash-dialog> before us: the button must not hand the flow to
// that element (it would sit there with the port open); it says so and leaves the port free.
import { expect } from "@open-wc/testing";
import { waitUntil } from "../helpers/wait-until.js";
import { clickUntilError, type Mounted } from "../helpers/harness.js";

customElements.define("esp-flash-dialog", class extends HTMLElement {});

describe("a foreign <esp-flash-dialog>", () => {
  let m: Mounted | undefined;
  afterEach(() => {
    m?.done();
    m = undefined;
  });

  it("ends in a clear error and a released port", async () => {
    const clicked = await clickUntilError();
    m = clicked.m;
    expect(clicked.error.code).to.equal("element-conflict");
    await waitUntil(() => m!.el.shadowRoot!.querySelector("dialog"), "no note shown");
    const note = m.el.shadowRoot!.querySelector("dialog")!;
    expect(note.open).to.equal(true);
    expect(note.textContent).to.contain("The installer could not start");
    expect(note.textContent).to.contain("Another script on this page uses its element names.");
    expect(m.el.shadowRoot!.querySelector("esp-flash-dialog")).to.equal(null);
    expect(m.port.readable).to.equal(null);
    expect(clicked.device.flash.read(0, 16).every((x) => x === 0xff)).to.equal(true);
    note.querySelector("button")!.click();
    await new Promise((r) => setTimeout(r));
    expect(m.el.shadowRoot!.querySelector("dialog")).to.equal(null);
  });
});
