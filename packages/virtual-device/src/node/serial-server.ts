import { createServer, type Socket } from "node:net";
import { baudMismatch, garble, type WireDevice } from "../port/wire.js";
import { SettlingLines } from "./en-rise.js";
import { Rfc2217Session } from "./rfc2217.js";

/** What the TCP bridge needs from a device: the wire plus a way to reset it. */
export interface ServedDevice extends WireDevice {
  /** The device UART's current rate; a raw socket has none, so the host always matches it. */
  readonly deviceBaud: number;
  /** Reset with GPIO0 held as given: a socket has no DTR/RTS to do it. */
  reset(mode: "download" | "flash"): void;
  /** Plug back in after a disconnect fault. */
  reconnect?(): void;
  /** True while the ROM still follows the host's rate (before its first SYNC locks it). */
  readonly autobauding?: boolean;
}

/** A raw-socket host syncs at esptool's ROM rate; the ROM's auto-baud locks onto it. */
const HOST_SYNC_BAUD = 115200;

export interface SerialServerOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. Default 5555. */
  port?: number;
  /** After a client's last byte (debounced), when its session ends, and on close() — if it sent anything. */
  onQuiet?: () => void | Promise<void>;
  log?: (line: string) => void;
  /**
   * "raw" (default): the socket carries the bare byte stream (esptool `socket://`); each
   * client finds the chip reset into download mode. "rfc2217": Telnet COM-PORT-OPTION
   * (esptool `rfc2217://`); baud changes and DTR/RTS reach the device as on a real port,
   * and nothing is reset behind the client's back.
   */
  protocol?: "raw" | "rfc2217";
}

export interface SerialServer {
  readonly port: number;
  /** e.g. "socket://127.0.0.1:5555" or "rfc2217://127.0.0.1:5555", what esptool.py takes as --port. */
  readonly url: string;
  close(): Promise<void>;
}

const HOST = "127.0.0.1";
const QUIET_MS = 500;

/**
 * Serves a device's serial port over TCP on loopback, one client at a time: the raw stream
 * (each new client finds the chip freshly reset into download mode, as esptool's socket://
 * mode expects: it cannot pulse DTR/RTS), or RFC 2217 with real line control.
 */
export async function serveSerial(
  device: ServedDevice,
  options: SerialServerOptions = {},
): Promise<SerialServer> {
  const log = options.log ?? (() => undefined);
  const rfc2217 = options.protocol === "rfc2217";
  let session: Socket | undefined;
  let quietTimer: ReturnType<typeof setTimeout> | undefined;
  let pendingQuiet = Promise.resolve();
  // Only bytes from a client can change the flash: nothing received, nothing to save.
  let dirty = false;
  const quiet = () => {
    clearTimeout(quietTimer);
    quietTimer = undefined;
    if (!dirty) return pendingQuiet;
    dirty = false;
    if (options.onQuiet)
      pendingQuiet = pendingQuiet
        .then(options.onQuiet)
        .catch((e) => log(`save failed: ${String(e)}`));
    return pendingQuiet;
  };

  const stopLost = device.onDisconnect(() => {
    log("device disconnected (fault): dropping the client");
    session?.destroy();
  });

  const server = createServer((socket) => {
    if (session) {
      log("refused a second client: the serial port is busy");
      socket.destroy();
      return;
    }
    session = socket;
    socket.setNoDelay(true);
    if (device.state === "disconnected") device.reconnect?.();
    const touched = () => {
      dirty = true;
      clearTimeout(quietTimer);
      quietTimer = setTimeout(quiet, QUIET_MS);
      quietTimer.unref?.();
    };
    const stopTransmit = rfc2217
      ? serveRfc2217(device, socket, touched, log)
      : serveRaw(device, socket, touched);
    log(`client ${socket.remoteAddress}:${socket.remotePort} connected`);
    socket.on("error", (e) => log(`client error: ${e.message}`));
    socket.on("close", () => {
      stopTransmit();
      if (session === socket) session = undefined;
      log("client disconnected");
      void quiet();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 5555, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 5555);
  return {
    port,
    url: `${rfc2217 ? "rfc2217" : "socket"}://${HOST}:${port}`,
    close: async () => {
      stopLost();
      session?.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await quiet();
    },
  };
}

/** Raw stream: reset into download mode for each client; the host is taken to match the device's rate. */
function serveRaw(device: ServedDevice, socket: Socket, touched: () => void): () => void {
  device.reset("download");
  const stop = device.onTransmit((bytes) => {
    if (!socket.destroyed) socket.write(Buffer.from(bytes));
  });
  socket.on("data", (chunk: Buffer) => {
    device.receive(chunk, device.autobauding ? HOST_SYNC_BAUD : device.deviceBaud);
    touched();
  });
  return stop;
}

/** RFC 2217: the client sets the port's rate and lines; bytes at another rate than the device's garble. */
function serveRfc2217(
  device: ServedDevice,
  socket: Socket,
  touched: () => void,
  log: (line: string) => void,
): () => void {
  let hostBaud = HOST_SYNC_BAUD;
  let salt = 0;
  const lines = new SettlingLines((signals) => device.setSignals(signals));
  const send = (bytes: Uint8Array) => {
    if (!socket.destroyed) socket.write(Buffer.from(bytes));
  };
  const telnet = new Rfc2217Session({
    data: (bytes) => {
      device.receive(bytes, hostBaud);
      touched();
    },
    request: (request) => {
      if (request.kind === "baud") {
        hostBaud = request.baud;
        log(`port baud ${hostBaud}`);
      } else {
        const { kind: _kind, ...signals } = request;
        lines.change(signals);
      }
    },
    reply: send,
    currentBaud: () => hostBaud,
  });
  send(telnet.greeting());
  const stop = device.onTransmit((bytes, deviceBaud) => {
    const mismatch = !device.ignoresBaud && baudMismatch(deviceBaud, hostBaud);
    const seen = mismatch ? garble(bytes, deviceBaud, hostBaud, ++salt) : bytes;
    send(Rfc2217Session.escape(seen));
  });
  socket.on("data", (chunk: Buffer) => telnet.push(chunk));
  return () => {
    lines.flush();
    stop();
  };
}
