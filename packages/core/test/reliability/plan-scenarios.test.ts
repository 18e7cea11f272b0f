import { afterAll, describe, expect, it } from "vitest";
import { CHIP_MODELS, VirtualEsp, VirtualSerialPort } from "@esp-flash/virtual-device";
import {
  CHIP_FAMILIES,
  EspFlashError,
  FlashSession,
  type ChipFamily,
  type FlashResult,
} from "../../src/index.js";
import { DropsOnResetPort } from "../helpers/drops-on-reset-port.js";
import { manifest, serve } from "../helpers/session.js";
import {
  firmwareFor,
  firstDifference,
  flashProblems,
  OLD_CONTENTS,
  type Board,
} from "./firmware.js";
import { seededBytes } from "./cells.js";

/**
 * The fault matrix's plan family: situations no line fault causes, where a flasher can
 * report success over a wrong flash. Every family meets each scenario it can have; a cell
 * passes when the session ends as the scenario requires, with the flash as it must be.
 */
const SCENARIOS = [
  "parts-share-sector",
  "wrap-around",
  "secure-download-mode",
  "usb-drop-at-reset",
] as const;
type Scenario = (typeof SCENARIOS)[number];

const applies = (scenario: Scenario, family: ChipFamily) =>
  scenario === "secure-download-mode"
    ? CHIP_MODELS[family].securityInfo !== "unsupported"
    : scenario === "usb-drop-at-reset"
      ? CHIP_MODELS[family].usbJtagSerial
      : true;

const results: { family: ChipFamily; scenario: Scenario; outcome: string; violations: string[] }[] =
  [];
const data = (length: number) => seededBytes(0xda7a, length);

function board(
  family: ChipFamily,
  more: { flashSize?: string; flashId?: number; securityFlags?: number; usb?: "usb-jtag-serial" },
): Board {
  const old = seededBytes(0x01d, OLD_CONTENTS);
  const device = new VirtualEsp({
    chip: family,
    flashSize: "4MB",
    flashContents: old,
    seed: 1,
    ...more,
  });
  return { device, port: new VirtualSerialPort(device), old };
}

async function outcome(run: Promise<FlashResult>): Promise<FlashResult | EspFlashError | Error> {
  return run.catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
}

function expectRefusal(result: FlashResult | Error, code: string, b: Board): string[] {
  if (!(result instanceof EspFlashError))
    return [
      `expected a typed "${code}" refusal, got ${result instanceof Error ? result.message : `success (${result.outcome})`}`,
    ];
  const problems: string[] = [];
  if (result.code !== code)
    problems.push(`code ${result.code}, expected ${code}: ${result.message}`);
  if (!result.advice?.trim() || /^Retry/.test(result.advice))
    problems.push(`advice not actionable: ${result.advice}`);
  const now = b.device.flash.read(0, b.old.length);
  if (firstDifference(now, b.old) >= 0) problems.push("the flash was changed before the refusal");
  return problems;
}

async function run(family: ChipFamily, scenario: Scenario): Promise<string[]> {
  const fw = firmwareFor(family);
  switch (scenario) {
    case "parts-share-sector": {
      const b = board(family, {});
      const m = manifest({
        chipFamily: family,
        parts: [
          { path: "a.bin", offset: 0x200000 },
          { path: "b.bin", offset: 0x201800 },
        ],
      });
      const result = await outcome(
        new FlashSession({
          port: b.port,
          manifest: m,
          fetch: serve({ "a.bin": data(0x1800), "b.bin": data(0x2000) }).fetch,
        }).run(),
      );
      return expectRefusal(result, "parts-share-sector", b);
    }
    case "wrap-around": {
      // The ID claims 4MB (Winbond 0x1640ef); the chip holds 2MB and wraps there.
      const b = board(family, { flashSize: "2MB", flashId: 0x1640ef });
      const high = 0x200000 + 0x40000;
      const m = manifest({
        chipFamily: family,
        parts: [
          { path: "app.bin", offset: fw.offset },
          { path: "data.bin", offset: high },
        ],
      });
      const files = serve({ "app.bin": fw.expected, "data.bin": data(0x3000) });
      const result = await outcome(
        new FlashSession({ port: b.port, manifest: m, fetch: files.fetch }).run(),
      );
      if (!(result instanceof EspFlashError))
        return [
          `a wrapping flash ended as ${result instanceof Error ? result.message : "success"}`,
        ];
      return result.code === "flash-wraps" && /counterfeit or mislabelled/.test(result.message)
        ? []
        : [`${result.code}: ${result.message}`];
    }
    case "secure-download-mode": {
      const b = board(family, { securityFlags: 1 << 2 });
      return expectRefusal(
        await outcome(
          new FlashSession({ port: b.port, manifest: fw.manifest, fetch: fw.fetch }).run(),
        ),
        "secure-download-mode",
        b,
      );
    }
    case "usb-drop-at-reset": {
      const old = seededBytes(0x01d, OLD_CONTENTS);
      const device = new VirtualEsp({
        chip: family,
        flashSize: "4MB",
        flashContents: old,
        seed: 1,
        usb: "usb-jtag-serial",
      });
      const port = new DropsOnResetPort(device);
      const session = new FlashSession({ port, manifest: fw.manifest, fetch: fw.fetch });
      session.addEventListener("step", (e) => (port.armed = e.detail.step === "resetting"));
      const result = await outcome(session.run());
      if (result instanceof Error)
        return [`a verified flash that dropped off USB at reset failed: ${result.message}`];
      const problems = flashProblems({ device, port, old }, fw, true);
      if (device.state !== "disconnected")
        problems.push("the device did not drop (scenario not exercised)");
      if (!result.note) problems.push("no note about the drop");
      if (!result.parts.every((p) => p.verified)) problems.push("parts not verified");
      return problems;
    }
  }
}

afterAll(() => {
  const rows = SCENARIOS.map((s) => {
    const cells = results.filter((r) => r.scenario === s);
    return `| ${s} | ${cells.length} | ${cells.filter((c) => !c.violations.length).length} | ${cells.filter((c) => c.violations.length).length} |`;
  });
  console.log(
    [
      "Plan scenarios:",
      "| scenario | runs | as required | violations |",
      "|---|---|---|---|",
      ...rows,
    ].join("\n"),
  );
});

describe.each(SCENARIOS.map((s) => [s]))("plan scenario: %s", (scenario) => {
  it.each(CHIP_FAMILIES.filter((f) => applies(scenario, f)).map((f) => [f]))(
    "%s",
    async (family) => {
      const violations = await run(family, scenario);
      results.push({
        family,
        scenario,
        outcome: violations.length ? "violation" : "ok",
        violations,
      });
      expect(violations).toEqual([]);
    },
    60_000,
  );
});
