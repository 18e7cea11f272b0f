import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { infoCommand, eraseCommand, readCommand } from "./commands/device.js";
import { flashCommand } from "./commands/flash.js";
import { manifestCommand } from "./commands/manifest.js";
import { monitorCommand } from "./commands/monitor.js";
import { portsCommand } from "./commands/ports.js";
import { createContext, type Context } from "./context.js";
import type { CliCommand } from "./result.js";
import { describeError, exitCodeFor, EXIT } from "./errors.js";
import { parseChip } from "./inputs.js";

const VERSION = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;

/** What a command leaves on the flash when it stops early (flash reports its own, per board). */
const STATE_AFTER: Record<string, string | undefined> = {
  // flash reports each board's own state; what fails here (input, ports) comes before any board.
  flash: "Nothing was written: the flash is unchanged.",
  info: "Nothing was written: the flash is unchanged.",
  read: "Only reads were made: the flash is unchanged.",
  erase: "The flash may be partly erased. Run erase again, or flash the firmware.",
  monitor: "",
  manifest: "",
  ports: "",
};

/** No fallback: the session picks the bridge's highest rate (see core's `baudRate` option). */
const baud = (fallback?: number) =>
  new Option(
    "-b, --baud <rate>",
    fallback === undefined
      ? "highest baud rate to use (default: the highest the USB-UART bridge holds; above 921600 only once the board's reset was seen to work)"
      : "highest baud rate to use",
  )
    .default(fallback)
    .argParser((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 300 || n > 5_000_000)
        throw new InvalidArgumentError("give a baud rate such as 115200, 460800 or 921600.");
      return n;
    });
const portOption = () =>
  new Option(
    "-p, --port <port>",
    "serial port path, VID:PID, socket://host:port or rfc2217://host:port (repeat for factory mode)",
  )
    .argParser((v: string, prev: string[] = []) => [...prev, v])
    .default([] as string[], "the only USB serial port");
const chipOption = () =>
  new Option(
    "-c, --chip <family>",
    "expected chip family (e.g. ESP32-S3); refuses other boards",
  ).argParser((v) => parseChip(v));

const COMMANDS: readonly CliCommand[] = [
  "flash",
  "info",
  "read",
  "erase",
  "monitor",
  "manifest",
  "ports",
];

/** The signals that stop a command cleanly; a second one stops it at once. */
const STOP_SIGNALS = {
  SIGINT: { exitCode: EXIT.interrupted, said: "Stopped (Ctrl-C)." },
  SIGTERM: { exitCode: EXIT.terminated, said: "Stopped (SIGTERM)." },
  SIGHUP: { exitCode: EXIT.hangup, said: "Stopped (SIGHUP: the terminal closed)." },
} as const;
type StopSignal = keyof typeof STOP_SIGNALS;

/** The options before `--`: enough to know --json and the command before commander parses. */
function earlyView(argv: string[]): { json: boolean; command: CliCommand | null } {
  const end = argv.indexOf("--");
  const args = end === -1 ? argv : argv.slice(0, end);
  const command = (args.find((a) => !a.startsWith("-") && COMMANDS.includes(a as CliCommand)) ??
    null) as CliCommand | null;
  return { json: args.includes("--json"), command };
}

/**
 * Runs the CLI; resolves with the exit code. SIGINT, SIGTERM and SIGHUP stop the running
 * command cleanly (port closed, what the flash holds said); a second one stops at once, still
 * saying what the flash holds as far as it is known.
 */
export async function run(
  argv: string[],
  io: { stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream } = {},
): Promise<number> {
  const controller = new AbortController();
  const early = earlyView(argv);
  let stoppedBy: StopSignal | undefined;
  let exitCode: number = EXIT.ok;
  let ctx: Context | undefined;
  let commandName: CliCommand | null = early.command;
  const stderr = io.stderr ?? process.stderr;
  const stopNow = () => {
    // The command is still winding down: say what the flash holds as far as known, then go.
    const signal = stoppedBy ?? "SIGINT";
    const code = STOP_SIGNALS[signal].exitCode;
    const states = [...(ctx?.flashStateNow ?? new Map<string, () => string>())].map(
      ([board, state]) => ({ board, state: state() }),
    );
    const fallback = STATE_AFTER[commandName ?? ""] || undefined;
    const said = `${STOP_SIGNALS[signal].said.replace(/\.$/, "")} at once (a second signal): the port may still be open.`;
    if (ctx?.json || early.json) {
      const out = ctx ?? fallbackContext(early.json, commandName, controller.signal, io);
      out.result({
        ok: false,
        exitCode: code,
        error: { code: "aborted", message: said },
        ...(states.length === 1
          ? { flashState: states[0]!.state }
          : states.length > 1
            ? { flashState: states.map((s) => `${s.board}: ${s.state}`).join(" ") }
            : fallback
              ? { flashState: fallback }
              : {}),
      });
    } else {
      ctx?.progress.stop();
      stderr.write(`\nerror: ${said}\n`);
      for (const { board, state } of states)
        stderr.write(`  ${states.length > 1 ? `${board}: ` : ""}${state}\n`);
      if (states.length === 0 && fallback) stderr.write(`  ${fallback}\n`);
    }
    const out = io.stdout ?? process.stdout;
    out.write("", () => process.exit(code));
  };
  const onSignal = (signal: StopSignal) => {
    if (stoppedBy) {
      stopNow();
      return;
    }
    stoppedBy = signal;
    if (ctx) ctx.stopped = STOP_SIGNALS[signal];
    controller.abort(new Error(STOP_SIGNALS[signal].said));
  };
  const handlers = (Object.keys(STOP_SIGNALS) as StopSignal[]).map(
    (signal) => [signal, () => onSignal(signal)] as const,
  );
  for (const [signal, handler] of handlers) process.on(signal, handler);
  let usageMessage = "";
  const program = new Command("esp-flash")
    .description(
      "Flash ESP chips from Node: flash-size detection, esptool-identical header patching, verified writes.",
    )
    .version(VERSION)
    .option("--json", "print one JSON document with the result (nothing else on stdout)")
    .option("-v, --verbose", "print the loader's protocol log on stderr")
    // Options after the command belong to it (so `manifest --version 1.0` is the firmware's).
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => (io.stdout ?? process.stdout).write(s),
      // With --json the mistake goes into the JSON document instead.
      writeErr: (s) => (early.json ? (usageMessage += s) : stderr.write(s)),
      outputError: (s, write) => write(s),
    });
  // --json and --verbose also work after the command name.
  const command = (name: CliCommand) =>
    program
      .command(name)
      .exitOverride()
      .option("--json", "print one JSON document with the result")
      .option("-v, --verbose", "print the loader's protocol log on stderr");
  const context = (command: Command) => {
    commandName = command.name() as CliCommand;
    const globals = command.optsWithGlobals<{ json?: boolean; verbose?: boolean }>();
    ctx = createContext({
      json: globals.json ?? false,
      verbose: globals.verbose ?? false,
      command: commandName,
      signal: controller.signal,
      ...io,
    });
    return ctx;
  };

  command("flash")
    .description(
      "flash a manifest (file or https URL) or image files (file.bin@offset …), detecting the chip and patching headers to its flash size",
    )
    .argument("<inputs...>", "manifest.json, https://…/manifest.json, or file.bin@0x1000 …")
    .addOption(portOption())
    .addOption(baud())
    .addOption(chipOption())
    .option("--flash-size <size>", "detect (default), keep, or a size such as 4MB")
    .option("--flash-mode <mode>", "keep (default), qio, qout, dio or dout")
    .option("--flash-freq <freq>", "keep (default) or a frequency the chip has, e.g. 40m")
    .option("--erase", "erase the whole flash first")
    .option(
      "--force",
      "write every part even if the flash already holds it (unlike esptool's --force, no check is skipped)",
    )
    .option("--build <name>", "the build to use when the manifest has several for the chip")
    .action(async (inputs: string[], options, command: Command) => {
      exitCode = await flashCommand(inputs, options, context(command));
    });

  command("info")
    .description(
      "chip, revision, crystal, MAC, flash ID, size, type and voltage, USB kind, security flags, firmware on the flash",
    )
    .addOption(portOption())
    .addOption(baud())
    .action(async (options, command: Command) => {
      exitCode = await infoCommand(options, context(command));
    });

  command("read")
    .description(
      "read flash into a file (checked against the chip's MD5), e.g. read 0 4M -o backup.bin",
    )
    .argument("<offset>", "where to start: 0, 0x10000, 64K")
    .argument("<length>", "how many bytes: 0x400000, 4M")
    .requiredOption("-o, --output <file>", "file to write")
    .addOption(portOption())
    .addOption(baud())
    .action(async (offset: string, length: string, options, command: Command) => {
      exitCode = await readCommand(offset, length, options, context(command));
    });

  command("erase")
    .description("erase the whole flash")
    .addOption(portOption())
    .addOption(baud())
    .action(async (options, command: Command) => {
      exitCode = await eraseCommand(options, context(command));
    });

  command("monitor")
    .description(
      "serial console: resets the board into its firmware, then shows its output and sends what you type",
    )
    .addOption(portOption())
    .addOption(baud(115200))
    .option("--no-reset", "do not reset the board first")
    .action(async (options, command: Command) => {
      exitCode = await monitorCommand(options, context(command));
    });

  command("manifest")
    .description(
      "write a manifest (with sha256 per part) from file.bin@offset … or an ESP-IDF build folder",
    )
    .argument("<inputs...>", "file.bin@0x10000 …, or build/ (with flasher_args.json)")
    .option("-c, --chip <family>", "chip family (read from flasher_args.json when there is one)")
    .option("-o, --output <file>", "manifest to write", "manifest.json")
    .option("--name <name>", "firmware name shown to users")
    .option("--version <version>", "firmware version")
    .action(async (inputs: string[], options, command: Command) => {
      exitCode = await manifestCommand(inputs, options, context(command));
    });

  command("ports")
    .description("list serial ports with their USB ids")
    .action(async (_options, command: Command) => {
      exitCode = await portsCommand(context(command));
    });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      if (exitCode !== EXIT.ok && early.json)
        fallbackContext(true, commandName, controller.signal, io).result({
          ok: false,
          exitCode,
          error: {
            code: "usage",
            message: (usageMessage || error.message).replace(/^error: /, "").trim(),
            advice: `Run esp-flash ${commandName ? `${commandName} ` : ""}--help for the usage.`,
          },
        });
    } else {
      const described = describeError(error);
      const signal = controller.signal.aborted ? (stoppedBy ?? "SIGINT") : undefined;
      exitCode = signal ? STOP_SIGNALS[signal].exitCode : exitCodeFor(error);
      ctx ??= fallbackContext(early.json, commandName, controller.signal, io);
      ctx.progress.stop();
      const state = STATE_AFTER[commandName ?? ""] || undefined;
      if (ctx.json)
        ctx.result({
          ok: false,
          exitCode,
          error: signal ? { code: "aborted", message: STOP_SIGNALS[signal].said } : described,
          ...(state ? { flashState: state } : {}),
        });
      else {
        const message = signal
          ? { code: "aborted", message: STOP_SIGNALS[signal].said }
          : described;
        ctx.fail(message, state);
      }
    }
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
  return exitCode;
}

/** A context for output when no command set one up (a bad command line, an early failure). */
function fallbackContext(
  json: boolean,
  command: CliCommand | null,
  signal: AbortSignal,
  io: { stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream },
): Context {
  return createContext({ json, command, signal, ...io });
}
