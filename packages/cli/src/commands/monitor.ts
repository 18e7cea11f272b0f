import { resetIntoFirmware } from "@esp-flash/core";
import { CliError, EXIT } from "../errors.js";
import type { Context } from "../context.js";

export interface MonitorOptions {
  port: string[];
  baud: number;
  reset: boolean;
}

const CTRL_RIGHT_BRACKET = 0x1d;
const CTRL_C = 0x03;

/**
 * A serial console: resets the board into its firmware (unless --no-reset), then copies the
 * port to stdout and stdin to the port until Ctrl-C (or Ctrl-] on a terminal).
 */
export async function monitorCommand(options: MonitorOptions, ctx: Context): Promise<number> {
  if (ctx.json)
    throw new CliError(
      "usage",
      "monitor is an interactive console: it has no JSON result.",
      "Run monitor without --json (its output is the board's own).",
    );
  const ports = await ctx.ports(options.port);
  if (ports.length !== 1)
    throw new CliError(
      "usage",
      `monitor works on one board; ${ports.length} ports match.`,
      "Pass one --port.",
    );
  const port = ports[0]!;
  try {
    await port.open({ baudRate: options.baud });
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(
      "port-open-failed",
      `Could not open ${port.path}: ${(error as Error).message}`,
      "Check the path, then retry.",
      { cause: error },
    );
  }
  ctx.say(
    `--- ${port.path} at ${options.baud} baud; Ctrl-C${process.stdin.isTTY ? " or Ctrl-]" : ""} quits ---`,
  );
  if (options.reset) {
    if (port.path.startsWith("socket://"))
      ctx.say("--- a socket:// port has no reset lines: not resetting ---");
    // The same sequences core uses after flashing (USB-JTAG-serial told by its USB ids).
    else if (!(await resetIntoFirmware(port)))
      ctx.say("--- the port did not carry out the reset: press RESET on the board ---");
  }
  const stop = new AbortController();
  ctx.signal.addEventListener("abort", () => stop.abort(), { once: true });
  const reader = port.readable!.getReader();
  const writer = port.writable!.getWriter();
  let lost = false;
  let ctrlC = false;
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        process.stdout.write(value);
      }
    } catch (error) {
      if (!stop.signal.aborted) {
        lost = true;
        ctx.fail({
          code: "device-lost",
          message: `The port went away: ${(error as Error).message}`,
          advice: "Plug the board back in and run monitor again.",
        });
      }
    }
    stop.abort();
  })();
  const stdin = process.stdin;
  const raw = stdin.isTTY;
  if (raw) stdin.setRawMode(true);
  const onInput = (chunk: Buffer) => {
    if (raw && (chunk.includes(CTRL_RIGHT_BRACKET) || chunk.includes(CTRL_C))) {
      // Ctrl-] is the console's quit key (exit 0); Ctrl-C is an interrupt like any other (130).
      ctrlC = chunk.includes(CTRL_C);
      stop.abort();
      return;
    }
    writer.write(new Uint8Array(chunk)).catch(() => stop.abort());
  };
  stdin.on("data", onInput);
  stdin.resume();
  await new Promise<void>((resolve) =>
    stop.signal.addEventListener("abort", () => resolve(), { once: true }),
  );
  stdin.off("data", onInput);
  stdin.pause();
  if (raw) stdin.setRawMode(false);
  await reader.cancel().catch(() => undefined);
  await pump;
  reader.releaseLock();
  writer.releaseLock();
  await port.close().catch(() => undefined);
  ctx.say("\n--- closed ---");
  if (lost) return EXIT.device;
  if (ctx.stopped) return ctx.stopped.exitCode;
  return ctrlC ? EXIT.interrupted : EXIT.ok;
}
