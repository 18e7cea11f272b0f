import { expect } from "@open-wc/testing";
import type { FlashStateReport } from "../core-types.js";
import { setLocale } from "../localization.js";
import { flashStateText } from "./flash-state-text.js";

const report = (more: Partial<FlashStateReport>): FlashStateReport => ({
  condition: "changed",
  erasedAll: false,
  written: [],
  ...more,
});

describe("what the flash holds, worded", () => {
  after(() => setLocale("en"));

  it("names the incomplete part first, then an erase, then written-but-unverified, or verified", async () => {
    await setLocale("en");
    const cases = [
      report({ incomplete: { name: "app.bin", offset: 0x10000 }, erasedAll: true }),
      report({ erasedAll: true }),
      report({ unconfirmed: "erase-all" }),
      report({ unconfirmed: { name: "app.bin", offset: 0x10000 } }),
      report({ written: [{ name: "app.bin", offset: 0x10000 }] }),
      report({ condition: "verified", written: [{ name: "app.bin", offset: 0x10000 }] }),
    ];
    const en = cases.map(flashStateText);
    expect(en).to.deep.equal([
      "app.bin at 0x10000 is incomplete: the board will not start it until you install again.",
      "The whole flash was erased: the board will not start until you install again.",
      "The board did not confirm the last change: the flash may be unchanged or partly erased. Install again before using the board.",
      "The board did not confirm the last change: the flash may be unchanged or partly erased. Install again before using the board.",
      "The firmware was written but not verified: install again before using the board.",
      "Every part was written and verified.",
    ]);
    for (const locale of ["de", "zh-Hans"]) {
      await setLocale(locale);
      const text = cases.map(flashStateText);
      text.forEach((t, i) => expect(t, `${locale} ${i}`).to.not.equal(en[i]));
      expect(text[0]).to.contain("app.bin").and.to.contain("0x10000");
    }
  });
});
