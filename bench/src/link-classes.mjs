// Per link class (issue 26): our session on the same images over a bridge that holds 3 Mbaud,
// a bridge that holds only 921600 (the fallback included), USB-Serial/JTAG and USB-OTG; against
// esptool.py v5.0.0 as users run it (921600 on bridges) and against the physical bound: the
// slower of the wire at our rate and the flash's erase + program time. Device clock.
import { FlashSession } from "@esp-flash/core";
import {
  CHIP_MODELS,
  NOR_TIMING,
  USB_FS_BULK_BYTES_PER_MS,
  VirtualEsp,
  VirtualSerialPort,
} from "@esp-flash/virtual-device";
import { deflate } from "pako";
import { esptoolAvailable, esptoolFlash } from "./esptool-py.mjs";
import { goalWorkloads } from "./session-phases.mjs";
import { fetchFor, imageBytes, manifestFor } from "./workload.mjs";

/** The classes, each with the board options; our session runs with its defaults (no cap), as users get it. */
export const LINK_CLASSES = [
  {
    name: "CP2102N-class bridge (holds 3 Mbaud)",
    board: { usbBridge: "cp2102n" },
    goal: { overEsptool: 0.5 },
  },
  {
    name: "CP2102-class bridge (921600 only; fallback included)",
    board: { usbBridge: "cp2102" },
    goal: { overEsptool: 1.0 },
    fallbackOf: 921600,
  },
  {
    name: "USB-Serial/JTAG",
    board: { usb: "usb-jtag-serial" },
    goal: { overEsptool: 0.9 },
    has: (chip) => CHIP_MODELS[chip].usbJtagSerial,
  },
  {
    name: "USB-OTG",
    board: { usb: "usb-otg" },
    goal: { overEsptool: 0.9 },
    has: (chip) => CHIP_MODELS[chip].usbOtg !== undefined,
  },
];
const BOUND_GOAL = 1.2;

async function ourSeconds(workload, board, cap = undefined) {
  const device = new VirtualEsp({ chip: workload.chip, flashSize: "4MB", ...board });
  const session = new FlashSession({
    port: new VirtualSerialPort(device),
    manifest: manifestFor(workload),
    fetch: fetchFor(workload),
    ...(cap !== undefined ? { baudRate: cap } : {}),
  });
  let start;
  session.addEventListener("step", () => (start ??= device.clock.elapsedMs));
  const result = await session.run();
  return {
    seconds: (device.clock.elapsedMs - (start ?? 0)) / 1000,
    baud: result.baudRate,
    native: result.device.usb !== "uart-bridge",
    verified: result.parts.every((p) => p.verified),
  };
}

/** Erase (64 KB blocks, 4 KB sectors for the rest) and page programs of every part, by the device's NOR figures. */
export function flashSeconds(workload) {
  let ms = 0;
  for (const part of workload.parts) {
    const sectors = Math.ceil(part.data.length / 0x1000);
    ms += Math.floor(sectors / 16) * NOR_TIMING.blockEraseMs;
    ms += (sectors % 16) * NOR_TIMING.sectorEraseMs;
    ms += Math.ceil(part.data.length / 256) * NOR_TIMING.pageProgramMs;
  }
  return ms / 1000;
}

function wireSeconds(deflated, ours) {
  return ours.native ? deflated / USB_FS_BULK_BYTES_PER_MS / 1000 : (deflated * 10) / ours.baud;
}

export async function measureLinkClasses() {
  const esptool = esptoolAvailable();
  const rows = [];
  for (const workload of goalWorkloads()) {
    const deflated = workload.parts.reduce(
      (n, part) => n + deflate(part.data, { level: 9 }).length,
      0,
    );
    const flash = flashSeconds(workload);
    for (const link of LINK_CLASSES) {
      if (link.has && !link.has(workload.chip)) continue;
      const ours = await ourSeconds(workload, link.board);
      const bound = Math.max(wireSeconds(deflated, ours), flash);
      const row = {
        workload: workload.name,
        link: link.name,
        imageBytes: imageBytes(workload),
        baud: ours.native ? "USB" : ours.baud,
        oursSeconds: ours.seconds,
        verified: ours.verified,
        boundSeconds: bound,
        flashSeconds: flash,
        oursOverBound: ours.seconds / bound,
        boundGoal: BOUND_GOAL,
        esptoolGoal: link.goal.overEsptool,
      };
      if (link.fallbackOf) {
        const direct = await ourSeconds(workload, link.board, link.fallbackOf);
        row.fallbackCostSeconds = ours.seconds - direct.seconds;
      }
      if (esptool) {
        const py = await esptoolFlash(workload, "instant", link.board);
        row.esptoolSeconds = py.deviceSeconds;
        row.esptoolVerified = py.verified;
        row.oursOverEsptool = ours.seconds / py.deviceSeconds;
        // No tool can beat the flash's own erase + program time: the best ratio any tool could reach.
        row.flashOverEsptool = flash / py.deviceSeconds;
      }
      rows.push(row);
    }
  }
  return { esptool: esptool ? "v5.0.0" : "not available (set ESPTOOL_PY_DIR)", rows };
}

/**
 * Met, not met, or impossible: a goal below what the modelled flash needs just to erase and
 * program the image (the same for every tool) cannot be met by any tool, and the figure says so.
 */
function esptoolVerdict(row) {
  if (row.oursOverEsptool <= row.esptoolGoal) return ", met";
  if (row.flashOverEsptool > row.esptoolGoal)
    return `, impossible: the flash's erase + program alone take ${row.flashSeconds.toFixed(2)} s = ${row.flashOverEsptool.toFixed(2)} × esptool.py's time`;
  return ", not met";
}

/** Markdown rows for the bench table: [what, time, note]. */
export function linkClassRows(results) {
  const out = [];
  const r = (x) => x.toFixed(2);
  for (const row of results?.rows ?? []) {
    const goals = [
      `ours ÷ bound ${r(row.oursOverBound)} (goal ≤ ${row.boundGoal}${row.oursOverBound <= row.boundGoal ? ", met" : ", not met"})`,
    ];
    if (row.oursOverEsptool !== undefined)
      goals.push(
        `ours ÷ esptool.py ${r(row.oursOverEsptool)} (goal ≤ ${row.esptoolGoal}${esptoolVerdict(row)})`,
      );
    else goals.push("esptool.py not run");
    if (row.fallbackCostSeconds !== undefined)
      goals.push(`fallback cost ${row.fallbackCostSeconds.toFixed(2)} s`);
    out.push([
      `${row.workload} over ${row.link} @ ${row.baud}${row.verified ? "" : " (NOT verified)"}`,
      `${r(row.oursSeconds)} s${row.esptoolSeconds !== undefined ? ` / esptool.py ${r(row.esptoolSeconds)} s` : ""}`,
      goals.join("; "),
    ]);
  }
  return out;
}
