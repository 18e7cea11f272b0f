import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHIP_FAMILIES, type ChipFamily } from "../../src/index.js";
import { cellsFor, FAULT_KINDS, type Cell, type Target } from "./cells.js";
import { firmwareFor, type Firmware } from "./firmware.js";
import { table, writeSummary } from "./report.js";
import { measure, runCell, SESSION_DEADLINE_MS, type CellResult } from "./run-cell.js";

/**
 * Issue 8's fault matrix: every family × every fault the virtual device injects, each a
 * whole flash() with the real esptool-js, then the flash is read back. A cell passes when
 * the flash is verified good, or the error is typed with advice and a retry verifies.
 * FAULT_SEEDS=N runs N random cells per fault kind (the long run of `pnpm bench`);
 * FAULT_ONLY=kind,… runs only those rows. The link rows (lying bridge, host that cannot follow,
 * garbling mid-write, USB-OTG dropping off as the stub starts) run on the boards that have them.
 */
const SEEDS = process.env.FAULT_SEEDS
  ? Math.max(1, Number.parseInt(process.env.FAULT_SEEDS, 10) || 1)
  : undefined;
/** Sessions in flight at once: they mostly wait on esptool-js timers, not the CPU. */
const CONCURRENCY = Math.max(1, Number.parseInt(process.env.FAULT_CONCURRENCY ?? "", 10) || 12);
const cells = cellsFor(SEEDS);
const firmware = new Map<ChipFamily, Firmware>(CHIP_FAMILIES.map((f) => [f, firmwareFor(f)]));
const targets = new Map<ChipFamily, Target>();
const pending = new Map<Cell, Promise<CellResult>>();
const results: CellResult[] = [];
const controlProblems: string[] = [];
let started = 0;

/** Start every cell, CONCURRENCY at a time, in declaration order (the tests await them in that order). */
function startPool() {
  const queue = [...cells];
  const resolvers = new Map<Cell, (r: CellResult) => void>();
  for (const cell of cells)
    pending.set(cell, new Promise((resolve) => resolvers.set(cell, resolve)));
  const worker = async () => {
    for (let cell = queue.shift(); cell; cell = queue.shift()) {
      const result = await runCell(
        cell,
        firmware.get(cell.family)!,
        targets.get(cell.family)!,
      ).catch((error: unknown): CellResult => ({
        cell,
        faults: [],
        outcome: "violation",
        violations: [`matrix harness failed: ${String(error)}`],
        first: "harness",
        wallMs: 0,
        virtualMs: 0,
      }));
      results.push(result);
      resolvers.get(cell)!(result);
    }
  };
  for (let i = 0; i < CONCURRENCY; i++) void worker();
}

beforeAll(async () => {
  started = Date.now();
  // A fault-free run per family: the control, and the session's size in wire bytes for byte triggers.
  await Promise.all(
    CHIP_FAMILIES.map(async (family) => {
      const { problems, ...target } = await measure(firmware.get(family)!);
      targets.set(family, target);
      controlProblems.push(...problems.map((p) => `${family}: ${p}`));
    }),
  );
  startPool();
}, SESSION_DEADLINE_MS * 3);

afterAll(() => {
  const rows = writeSummary(results, {
    mode: SEEDS ? "random" : "fixed",
    seeds: SEEDS,
    wallMs: Date.now() - started,
    families: CHIP_FAMILIES,
  });
  console.log(
    `Fault matrix (${SEEDS ? `${SEEDS} random seeds per fault` : "fixed seeds"}, ${results.length} cells, ${Math.round((Date.now() - started) / 1000)} s):\n${table(rows)}`,
  );
});

it("fault-free control runs verify on every family", () => {
  expect(controlProblems).toEqual([]);
});

const LINKS: Record<Cell["usb"], string> = {
  "uart-bridge": "",
  "usb-jtag-serial": " (USB-JTAG-serial)",
  "usb-otg": " (USB-OTG)",
};
const name = (c: Cell) =>
  `${c.family} seed ${c.seed}${LINKS[c.usb]}${c.link?.usbBridge ? ` (${c.link.usbBridge})` : ""}`;
// A cell waits for its own run; runs before it finish first or alongside, so this bounds the wait.
const CELL_TIMEOUT = 2 * (SESSION_DEADLINE_MS + 20_000);

const kinds = FAULT_KINDS.filter((kind) => cells.some((c) => c.kind === kind));
describe.each(kinds.map((kind) => [kind]))("fault: %s", (kind) => {
  it.each(cells.filter((c) => c.kind === kind).map((c) => [name(c), c] as const))(
    "%s: verified flash, or a typed error and a retry that verifies",
    async (_, cell) => {
      const result = await pending.get(cell)!;
      expect(
        result.violations,
        JSON.stringify({ faults: result.faults, first: result.first, retry: result.retry }),
      ).toEqual([]);
    },
    CELL_TIMEOUT,
  );
});
