import type { Socket } from "node:net";
import { NodeSerialPort, type ByteLink, type LinkEvents } from "./node-port.js";
import { endSocket, hostAndPort, openSocket, writeSocket } from "./tcp.js";

/**
 * `socket://host:port`: the raw serial stream over TCP, as esptool and `virtual-esp serve`
 * speak it. A socket carries no DTR/RTS and no baud rate, so both are accepted and ignored
 * (as esptool does): the far end must already be in download mode.
 */
export class SocketSerialPort extends NodeSerialPort {
  readonly host: string;
  readonly port: number;

  constructor(readonly path: string) {
    super();
    ({ host: this.host, port: this.port } = hostAndPort(path));
  }

  protected async connect(_baudRate: number, events: LinkEvents): Promise<ByteLink> {
    const socket: Socket = await openSocket(this.host, this.port);
    let closing = false;
    socket.on("data", (chunk: Buffer) => events.data(new Uint8Array(chunk)));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      if (!closing) events.lost(`the connection to ${this.host}:${this.port} closed`);
    });
    return {
      write: (data) => writeSocket(socket, data),
      setSignals: async () => undefined,
      setBaudRate: async () => undefined,
      close: async () => {
        closing = true;
        await endSocket(socket);
      },
    };
  }
}
