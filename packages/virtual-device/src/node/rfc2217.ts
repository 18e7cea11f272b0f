/**
 * The server side of RFC 2217 (Telnet COM-PORT-OPTION), as pyserial's `rfc2217://` client
 * and esptool speak it: Telnet option negotiation, IAC escaping of data both ways, and the
 * port-control subnegotiations that reach a serial port (baud rate, DTR, RTS, break, purge).
 */

const IAC = 0xff;
const WILL = 0xfb;
const WONT = 0xfc;
const DO = 0xfd;
const DONT = 0xfe;
const SB = 0xfa;
const SE = 0xf0;

const BINARY = 0x00;
const SGA = 0x03;
const COM_PORT_OPTION = 0x2c;
/** Options this server agrees to, in both directions; everything else is refused. */
const AGREED = new Set([BINARY, SGA, COM_PORT_OPTION]);

const SET_BAUDRATE = 1;
const SET_CONTROL = 5;
const NOTIFY_LINESTATE = 6;
const NOTIFY_MODEMSTATE = 7;
/** Transmit holding and shift registers empty: nothing is ever stuck in the virtual UART. */
const LINESTATE_IDLE = 0x60;
/** CTS, DSR, RI and CD: dev boards leave the bridge's modem inputs unconnected. */
const MODEMSTATE_NONE = 0x00;
/** The server answers a client command with the command + 100, carrying the value now in force. */
const SERVER_OFFSET = 100;

const CONTROL = {
  BREAK_ON: 5,
  BREAK_OFF: 6,
  DTR_ON: 8,
  DTR_OFF: 9,
  RTS_ON: 11,
  RTS_OFF: 12,
} as const;

/** What the client asked of the port. */
export type PortRequest =
  | { kind: "baud"; baud: number }
  | { kind: "signals"; dataTerminalReady?: boolean; requestToSend?: boolean; break?: boolean };

export interface Rfc2217Handlers {
  /** Serial data from the client, unescaped. */
  data(bytes: Uint8Array): void;
  /** A port change the client asked for. */
  request(request: PortRequest): void;
  /** Bytes to send back on the socket (negotiation and acknowledgements). */
  reply(bytes: Uint8Array): void;
  /** The baud rate currently in force (answer to a query, value 0). */
  currentBaud(): number;
}

type ParseState = "data" | "iac" | "option" | "sb" | "sb-iac";

/** Incremental parser of the client's Telnet stream. */
export class Rfc2217Session {
  private state: ParseState = "data";
  private verb = 0;
  private sub: number[] = [];
  private readonly out: number[] = [];

  constructor(private readonly handlers: Rfc2217Handlers) {}

  /**
   * The server's opening: offer and ask for the options pyserial requires, and report the
   * modem lines once (pyserial polls them only when told to; it keeps what servers send).
   */
  greeting(): Uint8Array {
    const offers = [
      WILL,
      COM_PORT_OPTION,
      DO,
      COM_PORT_OPTION,
      WILL,
      SGA,
      WILL,
      BINARY,
      DO,
      BINARY,
    ];
    const negotiation: number[] = [];
    for (let i = 0; i < offers.length; i += 2) negotiation.push(IAC, offers[i]!, offers[i + 1]!);
    const modem = [
      IAC,
      SB,
      COM_PORT_OPTION,
      NOTIFY_MODEMSTATE + SERVER_OFFSET,
      MODEMSTATE_NONE,
      IAC,
      SE,
    ];
    return Uint8Array.from([...negotiation, ...modem]);
  }

  push(chunk: Uint8Array): void {
    for (const b of chunk) this.step(b);
    this.flushData();
  }

  /** Escape serial data for the socket: IAC is doubled. */
  static escape(bytes: Uint8Array): Uint8Array {
    if (!bytes.includes(IAC)) return bytes;
    const out: number[] = [];
    for (const b of bytes) {
      out.push(b);
      if (b === IAC) out.push(IAC);
    }
    return Uint8Array.from(out);
  }

  private step(b: number): void {
    switch (this.state) {
      case "data":
        if (b === IAC) this.state = "iac";
        else this.out.push(b);
        return;
      case "iac":
        if (b === IAC) {
          this.out.push(IAC);
          this.state = "data";
        } else if (b === WILL || b === WONT || b === DO || b === DONT) {
          this.verb = b;
          this.state = "option";
        } else if (b === SB) {
          this.sub = [];
          this.state = "sb";
        } else {
          this.state = "data"; // NOP, GA and friends carry nothing for a serial port
        }
        return;
      case "option":
        this.negotiate(this.verb, b);
        this.state = "data";
        return;
      case "sb":
        if (b === IAC) this.state = "sb-iac";
        else this.sub.push(b);
        return;
      case "sb-iac":
        if (b === SE) {
          this.flushData();
          this.subnegotiation(this.sub);
          this.state = "data";
        } else {
          this.sub.push(b); // IAC IAC inside a subnegotiation is a literal 0xFF
          this.state = "sb";
        }
        return;
    }
  }

  private flushData(): void {
    if (this.out.length === 0) return;
    this.handlers.data(Uint8Array.from(this.out));
    this.out.length = 0;
  }

  private negotiate(verb: number, option: number): void {
    const ok = AGREED.has(option);
    // Answering only what we have not already said would be tidier; pyserial accepts repeats.
    if (verb === WILL) this.handlers.reply(Uint8Array.of(IAC, ok ? DO : DONT, option));
    else if (verb === DO) this.handlers.reply(Uint8Array.of(IAC, ok ? WILL : WONT, option));
  }

  private subnegotiation(sub: number[]): void {
    if (sub[0] !== COM_PORT_OPTION || sub.length < 2) return;
    const command = sub[1]!;
    let value = sub.slice(2);
    if (command === SET_BAUDRATE && value.length >= 4) {
      const baud = ((value[0]! << 24) | (value[1]! << 16) | (value[2]! << 8) | value[3]!) >>> 0;
      if (baud !== 0) this.handlers.request({ kind: "baud", baud });
      const now = baud !== 0 ? baud : this.handlers.currentBaud();
      value = [(now >>> 24) & 0xff, (now >>> 16) & 0xff, (now >>> 8) & 0xff, now & 0xff];
    } else if (command === SET_CONTROL && value.length >= 1) {
      const signals = controlSignals(value[0]!);
      if (signals) this.handlers.request({ kind: "signals", ...signals });
    } else if (command === NOTIFY_LINESTATE) {
      value = [LINESTATE_IDLE];
    } else if (command === NOTIFY_MODEMSTATE) {
      // A client polling the modem lines (pyserial's cts/dsr, esptool's RFC 2217 redirector).
      value = [MODEMSTATE_NONE];
    }
    // Every other setting (data size, parity, stop bits, flow control, purge, masks) is
    // accepted as asked: the virtual UART is always 8N1 and has no flow control to apply.
    const reply = [IAC, SB, COM_PORT_OPTION, command + SERVER_OFFSET];
    for (const v of value) reply.push(v, ...(v === IAC ? [IAC] : []));
    reply.push(IAC, SE);
    this.handlers.reply(Uint8Array.from(reply));
  }
}

function controlSignals(
  code: number,
): { dataTerminalReady?: boolean; requestToSend?: boolean; break?: boolean } | undefined {
  switch (code) {
    case CONTROL.DTR_ON:
      return { dataTerminalReady: true };
    case CONTROL.DTR_OFF:
      return { dataTerminalReady: false };
    case CONTROL.RTS_ON:
      return { requestToSend: true };
    case CONTROL.RTS_OFF:
      return { requestToSend: false };
    case CONTROL.BREAK_ON:
      return { break: true };
    case CONTROL.BREAK_OFF:
      return { break: false };
    default:
      return undefined;
  }
}
