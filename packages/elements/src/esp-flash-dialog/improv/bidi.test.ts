// Names and SSIDs come from the device: a U+202E (right-to-left override) in one must not
// reorder the words the dialog puts after it. Checked on the laid-out text in Chromium: the
// letters of the following word must run left to right.
import { expect, fixture, html } from "@open-wc/testing";
import "../esp-flash-dialog.js";
import type { EspFlashDialog } from "../esp-flash-dialog.js";
import type { View } from "../view-state.js";
import { deviceInfo, improvViews } from "./fixtures.js";

const RLO = "\u202E";

/** The left edge of each letter of `word`, where the dialog laid it out. */
function letterLefts(root: ShadowRoot, word: string): number[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent!.indexOf(word);
    if (at < 0) continue;
    return [...word].map((_, i) => {
      const range = document.createRange();
      range.setStart(node, at + i);
      range.setEnd(node, at + i + 1);
      return range.getBoundingClientRect().left;
    });
  }
  throw new Error(`"${word}" is not in the dialog`);
}

async function render(view: View): Promise<ShadowRoot> {
  const el = await fixture<EspFlashDialog>(
    html`<esp-flash-dialog inline .view=${view}></esp-flash-dialog>`,
  );
  await el.updateComplete;
  return el.shadowRoot!;
}

const leftToRight = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

describe("device names and SSIDs are bidi-isolated", () => {
  const cases: [string, View, string][] = [
    [
      "the Wi-Fi view's intro (device name)",
      { ...improvViews.wifi!, deviceName: `kitchen${RLO}` } as View,
      "should",
    ],
    [
      "the wrong-password message (SSID)",
      {
        ...improvViews.wrongPassword!,
        failure: { kind: "wrong-password", ssid: `Home${RLO}Net` },
      } as View,
      "password",
    ],
    [
      "the unreachable message (SSID)",
      { ...improvViews.joinOther!, failure: { kind: "unreachable", ssid: `Attic${RLO}` } } as View,
      "Check",
    ],
    [
      "the joined message (device name)",
      { ...improvViews.provisioned!, deviceName: `kitchen${RLO}` } as View,
      "joined",
    ],
    [
      "the dashboard's firmware line (firmware name)",
      {
        ...improvViews.dashboard!,
        info: { ...deviceInfo, firmware: `ESPHome${RLO}` },
      } as View,
      "2024",
    ],
    [
      // A PDI of its own must not close the isolate around it.
      "the joined message (device name with its own PDI)",
      { ...improvViews.provisioned!, deviceName: `kitchen\u2069${RLO}` } as View,
      "joined",
    ],
  ];
  for (const [where, view, after] of cases) {
    it(`${where}: "${after}" still reads left to right`, async () => {
      const root = await render(view);
      const lefts = letterLefts(root, after);
      expect(leftToRight(lefts), `${after} laid out at ${lefts.join(", ")}`).to.equal(true);
    });
  }

  it("the network list and Joining… keep each SSID apart from what follows", async () => {
    const root = await render({
      ...improvViews.wifi!,
      networks: [{ ssid: `Home${RLO}Net`, rssi: -48, secured: true }],
      selected: `Home${RLO}Net`,
    } as View);
    const ssid = root.querySelector(".network .ssid")!.textContent!;
    expect(ssid).to.equal("\u2068HomeNet\u2069");
    const joining = await render({ name: "wifi-connecting", ssid: `Home${RLO}Net` } as View);
    expect(joining.textContent).to.contain("Joining \u2068HomeNet\u2069…");
  });
});
