import { EXIT } from "../errors.js";
import { listPorts, usbId } from "../ports/index.js";
import type { Context } from "../context.js";
import { table } from "../table.js";

export async function portsCommand(ctx: Context): Promise<number> {
  const ports = await listPorts();
  if (ctx.json) {
    ctx.result({
      ok: true,
      exitCode: EXIT.ok,
      ports: ports.map((p) => ({ ...p, ...(usbId(p) ? { usbId: usbId(p) } : {}) })),
    });
    return EXIT.ok;
  }
  if (ports.length === 0) {
    ctx.say(
      "No serial ports found. (socket:// and rfc2217:// ports are not listed: pass them with --port.)",
    );
    return EXIT.ok;
  }
  ctx.say(
    table(
      ["port", "USB id", "manufacturer", "serial"],
      ports.map((p) => [p.path, usbId(p), p.manufacturer ?? "", p.serialNumber ?? ""]),
    ),
  );
  return EXIT.ok;
}
