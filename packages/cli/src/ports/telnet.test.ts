import { describe, expect, it } from "vitest";
import {
  COM_PORT_OPTION,
  DO,
  escapeIac,
  IAC,
  SB,
  SE,
  subnegotiation,
  TelnetParser,
  WILL,
} from "./telnet.js";

describe("telnet framing", () => {
  it("doubles 0xFF in data and reads it back as one byte, across chunk boundaries", () => {
    const data = new Uint8Array([1, 0xff, 2, 0xff, 0xff]);
    const wire = escapeIac(data);
    expect(Array.from(wire)).toEqual([1, 0xff, 0xff, 2, 0xff, 0xff, 0xff, 0xff]);
    const parser = new TelnetParser();
    const bytes = [...parser.push(wire.subarray(0, 2)), ...parser.push(wire.subarray(2))].flatMap(
      (e) => (e.kind === "data" ? Array.from(e.bytes) : []),
    );
    expect(bytes).toEqual(Array.from(data));
  });

  it("separates option verbs and subnegotiations from data", () => {
    const parser = new TelnetParser();
    const events = parser.push(
      new Uint8Array([
        0x41,
        IAC,
        DO,
        COM_PORT_OPTION,
        0x42,
        IAC,
        SB,
        COM_PORT_OPTION,
        101,
        0,
        0,
        IAC,
        IAC,
        IAC,
        SE,
        0x43,
      ]),
    );
    expect(events).toEqual([
      { kind: "data", bytes: new Uint8Array([0x41]) },
      { kind: "option", verb: DO, option: COM_PORT_OPTION },
      { kind: "data", bytes: new Uint8Array([0x42]) },
      { kind: "sub", option: COM_PORT_OPTION, payload: new Uint8Array([101, 0, 0, 0xff]) },
      { kind: "data", bytes: new Uint8Array([0x43]) },
    ]);
  });

  it("escapes 0xFF inside a subnegotiation (a baud rate byte can be 0xFF)", () => {
    expect(Array.from(subnegotiation(COM_PORT_OPTION, [1, 0, 0, 0xff, 0]))).toEqual([
      IAC,
      SB,
      COM_PORT_OPTION,
      1,
      0,
      0,
      0xff,
      0xff,
      0,
      IAC,
      SE,
    ]);
    expect(WILL).toBe(251);
  });
});
