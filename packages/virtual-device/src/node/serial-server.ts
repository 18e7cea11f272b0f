import { createServer, type Socket } from "node:net";
import type { WireDevice } from "../port/wire.js";

const ESP8266_BOOT_BAUD = 74880;
const HOST_SYNC_BAUD = 115200;

/** What the TCP bridge needs from a device: the wire plus a way to reset it. */
export interface ServedDevice extends WireDevice {
  /** The device UART's current rate; a raw socket has none, so the host always matches it. */
  readonly deviceBaud: number;
  /** Reset with GPIO0 held as given: a socket has no DTR/RTS to do it. */
  reset(mode: "download" | "flash"): void;
  /** Plug back in after a disconnect fault. */
  reconnect?(): void;
}

export interface SerialServerOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. Default 5555. */
  port?: number;
  /** After a client's last byte (debounced), when its session ends, and on close() — if it sent anything. */
  onQuiet?: () => void | Promise<void>;
  log?: (line: string) => void;
}

export interface SerialServer {
  readonly port: number;
  /** e.g. "socket://127.0.0.1:5555", what esptool.py takes as --port. */
  readonly url: string;
  close(): Promise<void>;
}

const HOST = "127.0.0.1";
const QUIET_MS = 500;

/**
 * Serves a device's raw serial stream over TCP on loopback, one client at a time. Each
 * new client finds the chip freshly reset into download mode, as esptool's socket://
 * mode expects (it cannot pulse DTR/RTS).
 */
export async function serveSerial(device: ServedDevice, options: SerialServerOptions = {}): Promise<SerialServer> {
  const log = options.log ?? (() => undefined);
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
    if (options.onQuiet) pendingQuiet = pendingQuiet.then(options.onQuiet).catch((e) => log(`save failed: ${String(e)}`));
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
    device.reset("download");
    const stopTransmit = device.onTransmit((bytes) => {
      if (!socket.destroyed) socket.write(Buffer.from(bytes));
    });
    log(`client ${socket.remoteAddress}:${socket.remotePort} connected`);
    socket.on("data", (chunk: Buffer) => {
      // A socket carries no baud: bill what a real host syncs at (115200), not the ESP8266's
      // 74880 boot rate; after a baud change, the rate both sides moved to.
      device.receive(chunk, device.deviceBaud === ESP8266_BOOT_BAUD ? HOST_SYNC_BAUD : device.deviceBaud);
      dirty = true;
      clearTimeout(quietTimer);
      quietTimer = setTimeout(quiet, QUIET_MS);
      quietTimer.unref?.();
    });
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
    url: `socket://${HOST}:${port}`,
    close: async () => {
      stopLost();
      session?.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await quiet();
    },
  };
}
