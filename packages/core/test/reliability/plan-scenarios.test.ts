import { afterAll, describe, expect, it } from "vitest";
import { CHIP_MODELS, VirtualEsp, VirtualSerialPort } from "@esp-flash/virtual-device";
import {
  CHIP_FAMILIES,
  EspFlashError,
  FlashError,
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
  "wrap-around-erased",
  "secure-download-mode",
  "usb-drop-at-reset",
  "reset-never-done",
  "erase-lost-before-chip",
  "unplug-before-write",
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

/** Once armed, takes signal changes and never answers (a driver that hangs). */
class HangsOnResetPort extends VirtualSerialPort {
  armed = false;
  override setSignals(signals: Parameters<VirtualSerialPort["setSignals"]>[0]) {
    return this.armed ? new Promise<void>(() => {}) : super.setSignals(signals);
  }
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
    case "wrap-around":
    case "wrap-around-erased": {
      // The ID claims 4MB (Winbond 0x1640ef); the chip holds 2MB and wraps there. With firmware
      // on it the wrap shows before writing; erased, only the final pass can find it.
      const erased = scenario === "wrap-around-erased";
      const b = board(family, {
        flashSize: "2MB",
        flashId: 0x1640ef,
        ...(erased ? { flashContents: new Uint8Array(0) } : {}),
      });
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
      if (!(result instanceof FlashError))
        return [
          `a wrapping flash ended as ${result instanceof Error ? result.message : "success"}`,
        ];
      const problems = erased ? [] : expectRefusal(result, "flash-wraps", b);
      if (result.code !== "flash-wraps" || !/counterfeit or mislabelled/.test(result.message))
        problems.push(`${result.code}: ${result.message}`);
      if (result.step !== (erased ? "verifying" : "preparing"))
        problems.push(`named at step ${result.step}`);
      return problems;
    }
    case "erase-lost-before-chip":
    case "unplug-before-write": {
      // The board goes at the very start of the step: the command that would change the flash
      // is dropped before the chip acts on it. The flash state must say only what it acknowledged.
      const b = board(family, {});
      const at = scenario === "erase-lost-before-chip" ? "erasing" : "writing";
      const session = new FlashSession({
        port: b.port,
        manifest: fw.manifest,
        fetch: fw.fetch,
        ...(at === "erasing" ? { erase: true } : {}),
      });
      session.addEventListener("step", (e) => {
        if (e.detail.step === at) b.device.inject({ kind: "disconnect", afterBytes: 0 });
      });
      const result = await outcome(session.run());
      if (!(result instanceof FlashError))
        return [
          `a board lost at ${at} ended as ${result instanceof Error ? result.message : "success"}`,
        ];
      const problems: string[] = [];
      if (firstDifference(b.device.flash.read(0, b.old.length), b.old) >= 0)
        problems.push("scenario not exercised: the flash changed");
      if (/whole flash was erased/i.test(result.message) || result.flash?.erasedAll)
        problems.push(`claims an erase the chip never acknowledged: ${result.message}`);
      if (/incomplete/.test(result.message) || result.flash?.incomplete)
        problems.push(`claims a write the chip never began: ${result.message}`);
      if (result.flash?.written.length) problems.push(`claims parts written: ${result.message}`);
      return problems;
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
    case "reset-never-done": {
      // From the final reset on, the port takes signal changes and never answers.
      const b = board(family, {});
      const port = new HangsOnResetPort(b.device);
      const session = new FlashSession({ port, manifest: fw.manifest, fetch: fw.fetch });
      session.addEventListener("step", (e) => (port.armed = e.detail.step === "resetting"));
      const result = await outcome(session.run());
      if (result instanceof Error)
        return [`a verified flash whose reset never finished failed: ${result.message}`];
      const problems = flashProblems({ ...b, port }, fw, true);
      if (result.restart !== "press-reset") problems.push(`restart: ${result.restart}`);
      if (!/RESET button/.test(result.note ?? "")) problems.push("no note asking for RESET");
      if (port.readable) problems.push("the port was not released");
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
