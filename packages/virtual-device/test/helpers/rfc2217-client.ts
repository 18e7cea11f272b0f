import { connect } from "node:net";
import { TcpSlipClient } from "./tcp-slip-client.js";

/**
 * A minimal RFC 2217 client (as pyserial's rfc2217:// speaks it), written independently of
 * the server: IAC escaping, Telnet negotiation answered, COM-PORT-OPTION commands sent.
 */
const IAC = 0xff;
const [WILL, WONT, DO, DONT, SB, SE] = [0xfb, 0xfc, 0xfd, 0xfe, 0xfa, 0xf0];
const COM_PORT = 0x2c;

export class Rfc2217Client extends TcpSlipClient {
  /** Server acknowledgements seen: [command, ...value]. */
  readonly acks: number[][] = [];
  private iac = false;
  private sub: number[] | null = null;
  private verb = 0;

  static connect(port: number): Promise<Rfc2217Client> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => resolve(new Rfc2217Client(socket)));
      socket.once("error", reject);
    });
  }

  setBaud(baud: number): void {
    this.comPort(1, [(baud >>> 24) & 0xff, (baud >>> 16) & 0xff, (baud >>> 8) & 0xff, baud & 0xff]);
  }

  setDtr(on: boolean): void {
    this.comPort(5, [on ? 8 : 9]);
  }

  setRts(on: boolean): void {
    this.comPort(5, [on ? 11 : 12]);
  }

  /** Raw serial bytes, IAC-escaped. */
  writeSerial(bytes: Uint8Array): void {
    this.socket.write(this.wrap(bytes));
  }

  private comPort(command: number, value: number[]): void {
    this.socket.write(Uint8Array.of(IAC, SB, COM_PORT, command, ...value, IAC, SE));
  }

  protected override wrap(bytes: Uint8Array): Uint8Array {
    return Uint8Array.from(Array.from(bytes).flatMap((b) => (b === IAC ? [IAC, IAC] : [b])));
  }

  protected override unwrap(chunk: Uint8Array): Uint8Array {
    const data: number[] = [];
    for (const b of chunk) {
      if (this.verb !== 0) {
        // Agree to what the server offers, as pyserial does for the options it wants.
        const yes = b === COM_PORT || b === 0 || b === 3;
        if (this.verb === WILL) this.socket.write(Uint8Array.of(IAC, yes ? DO : DONT, b));
        if (this.verb === DO) this.socket.write(Uint8Array.of(IAC, yes ? WILL : WONT, b));
        this.verb = 0;
      } else if (this.sub && !this.iac) {
        if (b === IAC) this.iac = true;
        else this.sub.push(b);
      } else if (this.sub && this.iac) {
        this.iac = false;
        if (b === SE) {
          if (this.sub[0] === COM_PORT) this.acks.push(this.sub.slice(1));
          this.sub = null;
        } else this.sub.push(b);
      } else if (this.iac) {
        this.iac = false;
        if (b === IAC) data.push(IAC);
        else if (b === SB) this.sub = [];
        else if (b >= WILL && b <= DONT) this.verb = b;
      } else if (b === IAC) this.iac = true;
      else data.push(b);
    }
    return Uint8Array.from(data);
  }
}
