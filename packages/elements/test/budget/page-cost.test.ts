// What a page loads, and when: importing the script-tag entry loads the button alone; the first
// click loads the dialog, Lit, localization, core and esptool-js but not the terminal; opening
// the console loads the terminal. This file imports nothing that imports Lit (not even
// @open-wc/testing), so every module the button pulls in shows up as a new resource entry.
import { VirtualEsp } from "@esp-flash/virtual-device";
import type { Mounted } from "../helpers/harness.js";

performance.setResourceTimingBufferSize(100_000);
const loaded = () => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname);

const GROUPS = {
  button: /\/src\/esp-flash-button\/esp-flash-button\.ts$/,
  lit: /\/node_modules\/(?:lit|lit-html|lit-element|@lit\/[\w-]+)\//,
  localization: /\/src\/localization\.ts$/,
  dialog: /\/src\/esp-flash-dialog\//,
  core: /\/core\/(?:dist|src)\//,
  // core ships a patched esptool-js in dist/vendor/esptool-js (patches/README.md).
  esptool: /\/esptool-js\/lib\//,
  console: /\/src\/esp-flash-console\//,
  xterm: /\/node_modules\/@xterm\//,
};
type Group = keyof typeof GROUPS;
const HEAVY: Group[] = ["lit", "localization", "dialog", "core", "esptool", "console", "xterm"];

/** Throws unless exactly the `present` groups (of those named) appear in `paths`. */
function expectGroups(paths: string[], present: Group[], absent: Group[]): void {
  const has = (g: Group) => paths.some((p) => GROUPS[g].test(p));
  const missing = present.filter((g) => !has(g));
  const extra = absent.filter((g) => has(g));
  if (missing.length || extra.length)
    throw new Error(
      `expected ${present.join(", ") || "nothing"}, not ${absent.join(", ")}; ` +
        `missing: [${missing.join(", ")}], unexpected: [${extra.join(", ")}]\n${paths.join("\n")}`,
    );
}

describe("page cost", () => {
  let m: Mounted | undefined;
  after(() => m?.done());

  it("importing the script-tag entry loads the button and nothing heavy", async () => {
    expectGroups(loaded(), [], ["button", ...HEAVY]);
    await import("../../src/web.js");
    expectGroups(loaded(), ["button"], HEAVY);
  });

  it("the first click loads the dialog, Lit, localization, core and esptool-js, not the terminal", async () => {
    const { micropythonFirmware, mount } = await import("../helpers/harness.js");
    expectGroups(loaded(), ["button"], HEAVY);
    m = mount({
      device: new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" }),
      erase: "never",
      ...micropythonFirmware(),
    });
    await m.start();
    await m.until("summary");
    expectGroups(
      loaded(),
      ["lit", "localization", "dialog", "core", "esptool"],
      ["console", "xterm"],
    );
  });

  it("the console loads the terminal", async () => {
    await m!.press("Install");
    await m!.until("done");
    await m!.press("Open console");
    await m!.until("console");
    await customElements.whenDefined("esp-flash-console");
    expectGroups(loaded(), ["console", "xterm"], []);
  });
});
