import type { Socket } from "node:net";
import { CliError } from "../errors.js";
import { NodeSerialPort, type ByteLink, type LinkEvents } from "./node-port.js";
import { endSocket, hostAndPort, openSocket, writeSocket } from "./tcp.js";
import {
  BINARY,
  COM_PORT_OPTION,
  DO,
  DONT,
  ECHO,
  escapeIac,
  IAC,
  SGA,
  subnegotiation,
  TelnetParser,
  WILL,
  WONT,
} from "./telnet.js";

// RFC 2217 client → server commands; the server answers with the same code + 100.
const SET_BAUDRATE = 1;
const SET_DATASIZE = 2;
const SET_PARITY = 3;
const SET_STOPSIZE = 4;
const SET_CONTROL = 5;
const SERVER_OFFSET = 100;
const CONTROL = {
  flowNone: 1,
  breakOn: 5,
  breakOff: 6,
  dtrOn: 8,
  dtrOff: 9,
  rtsOn: 11,
  rtsOff: 12,
} as const;
/** Options we agree to on either side; everything else is refused. */
const WE_WILL = new Set([BINARY, SGA, COM_PORT_OPTION]);
const THEY_MAY = new Set([BINARY, SGA, ECHO, COM_PORT_OPTION]);

/**
 * `rfc2217://host:port`: a serial port shared over Telnet with the COM-PORT-OPTION (RFC 2217),
 * as pyserial's server (and esptool's esp_rfc2217_server, built on it) speaks it. Baud rate and DTR/RTS go to
 * the far port and each change waits for the server's acknowledgement, so a reset sequence
 * happens in order.
 */
export class Rfc2217SerialPort extends NodeSerialPort {
  readonly host: string;
  readonly port: number;

  constructor(
    readonly path: string,
    private readonly timeoutMs = 3000,
  ) {
    super();
    ({ host: this.host, port: this.port } = hostAndPort(path));
  }

  protected async connect(baudRate: number, events: LinkEvents): Promise<ByteLink> {
    const socket: Socket = await openSocket(this.host, this.port);
    const session = new Rfc2217Session(socket, events, this.timeoutMs, `${this.host}:${this.port}`);
    try {
      await session.start(baudRate);
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }
}

class Rfc2217Session implements ByteLink {
  #parser = new TelnetParser();
  #we = new Set<number>();
  #they = new Set<number>();
  #waiters = new Map<number, Array<() => void>>();
  #comPortAgreed: (() => void) | undefined;
  #closing = false;
  #signals = {
    dtr: undefined as boolean | undefined,
    rts: undefined as boolean | undefined,
    brk: undefined as boolean | undefined,
  };

  constructor(
    private readonly socket: Socket,
    private readonly events: LinkEvents,
    private readonly timeoutMs: number,
    private readonly where: string,
  ) {
    socket.on("data", (chunk: Buffer) => this.#receive(new Uint8Array(chunk)));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      if (!this.#closing) events.lost(`the RFC 2217 connection to ${where} closed`);
    });
  }

  async start(baudRate: number) {
    const agreed = new Promise<void>((resolve) => (this.#comPortAgreed = resolve));
    this.#send([
      IAC,
      WILL,
      BINARY,
      IAC,
      DO,
      BINARY,
      IAC,
      WILL,
      SGA,
      IAC,
      DO,
      SGA,
      IAC,
      WILL,
      COM_PORT_OPTION,
    ]);
    for (const option of [BINARY, SGA, COM_PORT_OPTION]) this.#we.add(option);
    await this.#within(
      agreed,
      `${this.where} did not agree to RFC 2217 (COM-PORT-OPTION): is it an RFC 2217 server, not a raw socket:// one?`,
    );
    await this.setBaudRate(baudRate);
    await this.#command(SET_DATASIZE, [8]);
    await this.#command(SET_PARITY, [1]);
    await this.#command(SET_STOPSIZE, [1]);
    await this.#command(SET_CONTROL, [CONTROL.flowNone]);
  }

  write(data: Uint8Array) {
    return writeSocket(this.socket, escapeIac(data));
  }

  async setBaudRate(baudRate: number) {
    await this.#command(SET_BAUDRATE, [
      (baudRate >>> 24) & 0xff,
      (baudRate >>> 16) & 0xff,
      (baudRate >>> 8) & 0xff,
      baudRate & 0xff,
    ]);
  }

  async setSignals(signals: {
    dataTerminalReady: boolean;
    requestToSend: boolean;
    break: boolean;
  }) {
    // Only lines that change are sent: each costs a round trip.
    if (this.#signals.dtr !== signals.dataTerminalReady) {
      await this.#command(SET_CONTROL, [
        signals.dataTerminalReady ? CONTROL.dtrOn : CONTROL.dtrOff,
      ]);
      this.#signals.dtr = signals.dataTerminalReady;
    }
    if (this.#signals.rts !== signals.requestToSend) {
      await this.#command(SET_CONTROL, [signals.requestToSend ? CONTROL.rtsOn : CONTROL.rtsOff]);
      this.#signals.rts = signals.requestToSend;
    }
    if (this.#signals.brk !== signals.break) {
      await this.#command(SET_CONTROL, [signals.break ? CONTROL.breakOn : CONTROL.breakOff]);
      this.#signals.brk = signals.break;
    }
  }

  async close() {
    this.#closing = true;
    await endSocket(this.socket);
  }

  async #command(code: number, value: number[]) {
    const acked = new Promise<void>((resolve) => {
      const list = this.#waiters.get(code + SERVER_OFFSET) ?? [];
      list.push(resolve);
      this.#waiters.set(code + SERVER_OFFSET, list);
    });
    await writeSocket(this.socket, subnegotiation(COM_PORT_OPTION, [code, ...value]));
    await this.#within(acked, `${this.where} did not acknowledge RFC 2217 command ${code}.`);
  }

  #within(promise: Promise<void>, message: string) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      // A typed error, so a session reports it as a port that would not open (exit 4).
      const advice =
        "Check the address, and that the server speaks RFC 2217 (use socket:// for a raw TCP bridge).";
      timer = setTimeout(
        () => reject(new CliError("port-open-failed", message, advice)),
        this.timeoutMs,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  #send(bytes: number[]) {
    if (!this.socket.destroyed) this.socket.write(new Uint8Array(bytes));
  }

  #receive(chunk: Uint8Array) {
    for (const event of this.#parser.push(chunk)) {
      if (event.kind === "data") this.events.data(event.bytes);
      else if (event.kind === "option") this.#negotiate(event.verb, event.option);
      else if (event.option === COM_PORT_OPTION && event.payload.length > 0) {
        const waiters = this.#waiters.get(event.payload[0]!);
        waiters?.shift()?.();
      }
    }
  }

  /** Answers option requests once per change of state, so negotiation never loops. */
  #negotiate(verb: number, option: number) {
    if (verb === DO) {
      if (option === COM_PORT_OPTION) this.#comPortAgreed?.();
      if (WE_WILL.has(option)) {
        if (!this.#we.has(option)) this.#send([IAC, WILL, option]);
        this.#we.add(option);
      } else this.#send([IAC, WONT, option]);
    } else if (verb === WILL) {
      if (THEY_MAY.has(option)) {
        if (!this.#they.has(option)) this.#send([IAC, DO, option]);
        this.#they.add(option);
      } else this.#send([IAC, DONT, option]);
    } else if (verb === DONT) {
      if (option === COM_PORT_OPTION) this.events.lost(`${this.where} refused RFC 2217`);
      if (this.#we.delete(option)) this.#send([IAC, WONT, option]);
    } else if (verb === WONT) {
      if (this.#they.delete(option)) this.#send([IAC, DONT, option]);
    }
  }
}
