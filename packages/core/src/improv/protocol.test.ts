import { describe, expect, it } from "vitest";
import {
  ImprovStreamParser,
  decodeRpcResult,
  encodePacket,
  encodeRpc,
  type ImprovPacket,
} from "./index.js";

const ascii = (s: string) => [...new TextEncoder().encode(s)];

describe("Improv Serial framing", () => {
  it("frames a Request Current State RPC as the spec's example bytes", () => {
    // IMPROV, version 1, type 3 (RPC), length 2, command 2, data length 0, checksum, newline
    const bytes = [...encodeRpc(0x02)];
    const sum = [...ascii("IMPROV"), 1, 3, 2, 2, 0].reduce((a, b) => a + b, 0) & 0xff;
    expect(bytes).toEqual([...ascii("IMPROV"), 1, 3, 2, 2, 0, sum, 0x0a]);
  });

  it("refuses data longer than one length byte can say", () => {
    expect(() => encodePacket(3, new Uint8Array(256))).toThrow(RangeError);
  });

  it("decodes an RPC result's strings and rejects one whose lengths run past its end", () => {
    const data = Uint8Array.from([0x03, 9, 3, ...ascii("abc"), 4, ...ascii("1.20")]);
    expect(decodeRpcResult(data)).toEqual({ command: 3, strings: ["abc", "1.20"] });
    expect(decodeRpcResult(Uint8Array.from([0x03, 4, 9, 0x41]))).toBeUndefined();
  });

  it("splits a log into lines and packets, drops bad checksums, finds packets after text", () => {
    const packets: ImprovPacket[] = [],
      lines: string[] = [];
    let bad = 0;
    const parser = new ImprovStreamParser({
      packet: (p) => packets.push(p),
      line: (l) => lines.push(l),
      badPacket: () => bad++,
    });
    const state = encodePacket(0x01, [0x02]);
    const corrupt = encodePacket(0x01, [0x04]);
    corrupt[10]! ^= 0xff;
    const stream = Uint8Array.from([
      ...ascii("[I][app]: booting\r\n"),
      ...ascii("log "),
      ...state,
      ...corrupt,
      ...ascii("done\r\n"),
    ]);
    // in uneven chunks, as a serial port delivers
    for (let at = 0; at < stream.length; at += 5) parser.push(stream.subarray(at, at + 5));
    expect(packets).toEqual([{ type: 1, data: Uint8Array.of(2) }]);
    expect(bad).toBe(1);
    expect(lines).toEqual(["[I][app]: booting", "log ", "done"]);
  });
});
