import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { FAULT_KINDS, type FaultKind } from "./cells.js";
import type { CellResult } from "./run-cell.js";

export const SUMMARY_PATH = fileURLToPath(
  new URL("../../test-results/fault-matrix.json", import.meta.url),
);

interface Row {
  runs: number;
  verified: number;
  "typed-error+retry-ok": number;
  violation: number;
  /** First-run error codes and how often each came up. */
  codes: Record<string, number>;
  maxWallMs: number;
}

export function summarize(results: CellResult[]): Record<FaultKind, Row> {
  const rows = Object.fromEntries(
    FAULT_KINDS.map((k) => [
      k,
      {
        runs: 0,
        verified: 0,
        "typed-error+retry-ok": 0,
        violation: 0,
        codes: {},
        maxWallMs: 0,
      } satisfies Row,
    ]),
  ) as Record<FaultKind, Row>;
  for (const r of results) {
    const row = rows[r.cell.kind];
    row.runs++;
    row[r.outcome]++;
    if (r.first !== "ok") row.codes[r.first] = (row.codes[r.first] ?? 0) + 1;
    row.maxWallMs = Math.max(row.maxWallMs, r.wallMs);
  }
  return rows;
}

export function table(rows: Record<FaultKind, Row>): string {
  const head = [
    "fault",
    "runs",
    "verified",
    "typed-error+retry-ok",
    "violations",
    "first-run error codes",
  ];
  const body = FAULT_KINDS.map((k) => {
    const r = rows[k];
    const codes =
      Object.entries(r.codes)
        .map(([c, n]) => `${c}×${n}`)
        .join(" ") || "-";
    return [k, r.runs, r.verified, r["typed-error+retry-ok"], r.violation, codes].map(String);
  });
  const total = (key: "runs" | "verified" | "typed-error+retry-ok" | "violation") =>
    String(FAULT_KINDS.reduce((n, k) => n + rows[k][key], 0));
  body.push([
    "total",
    total("runs"),
    total("verified"),
    total("typed-error+retry-ok"),
    total("violation"),
    "",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    line(head),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...body.map(line),
  ].join("\n");
}

export function writeSummary(
  results: CellResult[],
  meta: {
    mode: "fixed" | "random";
    seeds: number | undefined;
    wallMs: number;
    families: readonly string[];
  },
) {
  const rows = summarize(results);
  const summary = {
    ...meta,
    generatedAt: new Date().toISOString(),
    faults: FAULT_KINDS,
    totals: {
      runs: results.length,
      verified: results.filter((r) => r.outcome === "verified").length,
      typedErrorRetryOk: results.filter((r) => r.outcome === "typed-error+retry-ok").length,
      violations: results.filter((r) => r.outcome === "violation").length,
    },
    byFault: rows,
    violations: results.filter((r) => r.outcome === "violation"),
    cells: results.map(({ cell, faults, outcome, first, message, retry, wallMs, virtualMs }) => ({
      ...cell,
      faults,
      outcome,
      first,
      message,
      retry,
      wallMs,
      virtualMs,
    })),
  };
  mkdirSync(dirname(SUMMARY_PATH), { recursive: true });
  writeFileSync(SUMMARY_PATH, `${JSON.stringify(summary, null, 2)}\n`);
  return rows;
}
