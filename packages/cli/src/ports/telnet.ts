/** Telnet framing (RFC 854/855) as RFC 2217 uses it: IAC escaping, option negotiation, subnegotiation. */
export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const SE = 240;

export const BINARY = 0;
export const ECHO = 1;
export const SGA = 3;
export const COM_PORT_OPTION = 44;

export type TelnetEvent =
  | { kind: "data"; bytes: Uint8Array }
  | { kind: "option"; verb: number; option: number }
  | { kind: "sub"; option: number; payload: Uint8Array };

/** Doubles every 0xFF so data is never read as a command. */
export function escapeIac(data: Uint8Array): Uint8Array {
  let count = 0;
  for (const byte of data) if (byte === IAC) count++;
  if (count === 0) return data;
  const out = new Uint8Array(data.length + count);
  let at = 0;
  for (const byte of data) {
    out[at++] = byte;
    if (byte === IAC) out[at++] = IAC;
  }
  return out;
}

export function subnegotiation(option: number, payload: readonly number[]): Uint8Array {
  return new Uint8Array([
    IAC,
    SB,
    option,
    ...Array.from(escapeIac(new Uint8Array(payload))),
    IAC,
    SE,
  ]);
}

/** Splits an incoming byte stream into data, option verbs and subnegotiations; keeps state across chunks. */
export class TelnetParser {
  #state: "data" | "iac" | "verb" | "sb-option" | "sb" | "sb-iac" = "data";
  #verb = 0;
  #option = 0;
  #sub: number[] = [];

  push(chunk: Uint8Array): TelnetEvent[] {
    const events: TelnetEvent[] = [];
    let data: number[] = [];
    const flush = () => {
      if (data.length) events.push({ kind: "data", bytes: new Uint8Array(data) });
      data = [];
    };
    for (const byte of chunk) {
      switch (this.#state) {
        case "data":
          if (byte === IAC) this.#state = "iac";
          else data.push(byte);
          break;
        case "iac":
          if (byte === IAC) {
            data.push(IAC);
            this.#state = "data";
          } else if (byte >= WILL && byte <= DONT) {
            this.#verb = byte;
            this.#state = "verb";
          } else if (byte === SB) {
            this.#state = "sb-option";
          } else {
            this.#state = "data"; // NOP, GA and the like carry nothing for a serial link
          }
          break;
        case "verb":
          flush();
          events.push({ kind: "option", verb: this.#verb, option: byte });
          this.#state = "data";
          break;
        case "sb-option":
          this.#option = byte;
          this.#sub = [];
          this.#state = "sb";
          break;
        case "sb":
          if (byte === IAC) this.#state = "sb-iac";
          else this.#sub.push(byte);
          break;
        case "sb-iac":
          if (byte === IAC) {
            this.#sub.push(IAC);
            this.#state = "sb";
          } else {
            flush();
            events.push({ kind: "sub", option: this.#option, payload: new Uint8Array(this.#sub) });
            this.#state = "data";
          }
          break;
      }
    }
    flush();
    return events;
  }
}
