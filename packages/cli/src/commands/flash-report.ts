import type { Context } from "../context.js";
import { table } from "../table.js";
import type { BoardOutcome } from "../result.js";

/** One line for one board; a table with a line per board in factory mode; or the JSON. */
export function report(outcomes: BoardOutcome[], exitCode: number, ctx: Context) {
  if (ctx.json) {
    if (outcomes.length === 1) ctx.result(outcomes[0]!);
    else {
      const failed = outcomes.filter((o) => !o.ok).length;
      ctx.result({
        ok: failed === 0,
        exitCode,
        boards: outcomes,
        succeeded: outcomes.length - failed,
        failed,
      });
    }
    return;
  }
  if (outcomes.length === 1) {
    const o = outcomes[0]!;
    if (o.ok) {
      ctx.say(
        o.outcome === "unchanged"
          ? "Every part was already on the chip: nothing written, all verified."
          : `Done: ${o.bytesWritten} bytes written and verified in ${(o.elapsedMs / 1000).toFixed(1)} s at ${o.baudRate} baud.`,
      );
      if (o.note) ctx.say(o.note);
    } else ctx.fail(o.error!, o.flashState);
    return;
  }
  ctx.say("");
  ctx.say(
    table(
      ["port", "result", "chip", "flash", "MAC", "written", "time", "detail"],
      outcomes.map((o) => [
        o.port,
        o.ok ? (o.outcome === "unchanged" ? "unchanged" : "ok") : `FAILED (${o.error!.code})`,
        o.chip ?? "",
        o.flashSize ?? "",
        o.mac ?? "",
        o.ok ? String(o.bytesWritten) : "",
        `${(o.elapsedMs / 1000).toFixed(1)} s`,
        o.ok
          ? [...o.patches.map((p) => p.replace(/^.*: /, "")), ...(o.note ? [o.note] : [])].join(
              "; ",
            )
          : `${o.error!.message} ${o.flashState ?? ""}`,
      ]),
    ),
  );
  const failed = outcomes.filter((o) => !o.ok).length;
  ctx.say(
    `${outcomes.length - failed} of ${outcomes.length} boards flashed and verified${failed ? `; ${failed} failed` : ""}.`,
  );
}
