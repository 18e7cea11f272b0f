// ESP Web Tools' button custom properties style our button when ours are not set.
import { expect, fixture, html } from "@open-wc/testing";
import "./define.js";

const face = (el: Element) => getComputedStyle(el.shadowRoot!.querySelector("button")!);

describe("ESP Web Tools' --esp-tools-button-* custom properties", () => {
  it("color, text color and border radius fall back to them", async () => {
    const el = await fixture(
      html`<esp-flash-button
        manifest="m.json"
        style="--esp-tools-button-color: rgb(255, 0, 0); --esp-tools-button-text-color: rgb(0, 0, 255); --esp-tools-button-border-radius: 3px"
      ></esp-flash-button>`,
    );
    expect([face(el).backgroundColor, face(el).color, face(el).borderTopLeftRadius]).to.deep.equal([
      "rgb(255, 0, 0)",
      "rgb(0, 0, 255)",
      "3px",
    ]);
  });

  it("ours win when both are set", async () => {
    const el = await fixture(
      html`<esp-flash-button
        manifest="m.json"
        style="--esp-tools-button-color: rgb(255, 0, 0); --esp-flash-accent: rgb(0, 128, 0); --esp-flash-radius: 9px; --esp-tools-button-border-radius: 3px"
      ></esp-flash-button>`,
    );
    expect([face(el).backgroundColor, face(el).borderTopLeftRadius]).to.deep.equal([
      "rgb(0, 128, 0)",
      "9px",
    ]);
  });
});
