import { CliError } from "../errors.js";
import { NodeSerialPort, type ByteLink, type LinkEvents, type PortInfo } from "./node-port.js";

/** Another process holds the device (serialport locks it with flock; some drivers say EBUSY). */
const BUSY =
  /Cannot lock port|Resource temporarily unavailable|EBUSY|Device or resource busy|Access denied/i;

/** ioctl errors of a tty without modem-control lines (a pty, some adapters): nothing to drive. */
const NO_LINES = /Inappropriate ioctl|ENOTTY|EINVAL|Invalid argument/;

/**
 * A serial device through the `serialport` package: DTR/RTS through `set` (always both, as
 * the binding defaults any line left out to asserted), baud through `update`, and an
 * unplugged device surfaced as a lost port.
 */
export class UsbSerialPort extends NodeSerialPort {
  #noLinesNoted = false;

  constructor(
    readonly path: string,
    info: PortInfo = {},
    private readonly note: (line: string) => void = () => undefined,
  ) {
    super(info);
  }

  protected async connect(baudRate: number, events: LinkEvents): Promise<ByteLink> {
    // Loaded here, not at startup: socket:// and rfc2217:// never need the native binding.
    const { SerialPort } = await import("serialport");
    const port = new SerialPort({ path: this.path, baudRate, autoOpen: false, hupcl: false });
    try {
      await call((done) => port.open(done));
    } catch (error) {
      if (BUSY.test(String(error)))
        throw new CliError(
          "port-busy",
          `${this.path} is in use by another program.`,
          "Close the program holding it (a serial monitor, another esp-flash or esptool, ModemManager), then retry.",
          { cause: error },
        );
      throw new CliError(
        "port-open-failed",
        `Could not open ${this.path}: ${(error as Error).message}`,
        "Check the path (esp-flash ports lists the ports) and that you may use it (Linux: the dialout group), then retry.",
        { cause: error },
      );
    }
    let closing = false;
    port.on("data", (chunk: Buffer) => events.data(new Uint8Array(chunk)));
    port.on("error", () => undefined);
    port.on("close", (error: (Error & { disconnected?: boolean }) | null) => {
      if (!closing) events.lost(error?.message ?? `${this.path} was closed`);
    });
    return {
      write: (data) =>
        call((done) => {
          port.write(Buffer.from(data), (error) => {
            if (error) done(error);
            else port.drain(done);
          });
        }),
      setSignals: async (signals) => {
        try {
          await call((done) =>
            port.set(
              { dtr: signals.dataTerminalReady, rts: signals.requestToSend, brk: signals.break },
              done,
            ),
          );
        } catch (error) {
          if (!NO_LINES.test(String(error))) throw error;
          if (!this.#noLinesNoted)
            this.note(
              `${this.path} has no DTR/RTS lines (a pty?): the board cannot be reset from here.`,
            );
          this.#noLinesNoted = true;
        }
      },
      setBaudRate: (baud) => call((done) => port.update({ baudRate: baud }, done)),
      close: async () => {
        closing = true;
        if (port.isOpen) await call((done) => port.close(done));
      },
    };
  }
}

function call(run: (done: (error?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((error) => (error ? reject(error) : resolve())));
}
