import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { VirtualEsp } from "../device/virtual-esp.js";
import { SlipDecoder, slipEncode } from "./slip.js";

/** A device in download mode and a helper that sends one request and returns reply frames. */
function rom(chip: "ESP8266" | "ESP32" | "ESP32-S2" | "ESP32-C3" = "ESP32") {
  const device = new VirtualEsp({ chip });
  device.reset("download");
  const frames: Uint8Array[] = [];
  const decoder = new SlipDecoder((f) => frames.push(f.slice()));
  device.onTransmit((bytes) => decoder.push(bytes));
  const send = (
    op: number,
    data: number[] | Uint8Array = [],
    chk = 0,
    raw?: Uint8Array,
  ): Uint8Array[] => {
    frames.length = 0;
    const body = Uint8Array.from(data);
    const pkt = new Uint8Array(8 + body.length);
    pkt.set([0, op, body.length & 0xff, body.length >> 8, chk & 0xff, 0, 0, 0]);
    pkt.set(body, 8);
    device.receive(raw ?? slipEncode(pkt), 115200);
    return [...frames];
  };
  return { device, send };
}
const u32 = (...w: number[]) =>
  w.flatMap((x) => [x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, x >>> 24]);
const status = (f: Uint8Array) => [...f.subarray(f.length - (f.length - 8 >= 4 ? 4 : 2))];
const SYNC = [7, 7, 0x12, 0x20, ...new Array<number>(32).fill(0x55)];

describe("ROM loader replies", () => {
  it("answers SYNC eight times with a non-zero value", () => {
    const frames = rom().send(0x08, SYNC);
    expect(frames).toHaveLength(8);
    expect(frames[0]![1]).toBe(0x08);
    expect(new DataView(frames[0]!.buffer).getUint32(4, true)).not.toBe(0);
  });

  it("uses 4 status bytes on ESP32-family ROMs and 2 on the ESP8266 ROM", () => {
    expect(rom("ESP32").send(0x0a, u32(0x40001000))[0]).toHaveLength(12);
    const [f] = rom("ESP8266").send(0x0a, u32(0x40001000));
    expect(f).toHaveLength(10);
    expect(new DataView(f!.buffer).getUint32(4, true)).toBe(0xfff0c101);
  });

  it("rejects an unknown op with 'invalid message' under another op byte", () => {
    const [f] = rom().send(0x7e, []);
    expect(f![1]).not.toBe(0x7e);
    expect(status(f!).slice(0, 2)).toEqual([1, 0x05]);
  });

  it("GET_SECURITY_INFO: rejected on ESP32, 12 bytes on S2, 20 with the chip id on C3", () => {
    expect(rom("ESP32").send(0x14)[0]![1]).not.toBe(0x14);
    expect(rom("ESP32-S2").send(0x14)[0]!.length).toBe(8 + 12 + 4);
    const [c3] = rom("ESP32-C3").send(0x14);
    expect(c3!.length).toBe(8 + 20 + 4);
    expect(new DataView(c3!.buffer).getUint32(8 + 12, true)).toBe(5);
  });

  it("answers a bad data checksum with error 07 and a length mismatch with 05", () => {
    const { send } = rom();
    send(0x02, u32(0x1000, 1, 0x1000, 0));
    const data = [...u32(4, 0, 0, 0), 1, 2, 3, 4];
    expect(status(send(0x03, data, 0x00)[0]!).slice(0, 2)).toEqual([1, 0x07]);
    const pkt = Uint8Array.of(0, 0x0a, 9, 0, 0, 0, 0, 0, 1, 2, 3, 4);
    expect(status(send(0, [], 0, slipEncode(pkt))[0]!).slice(0, 2)).toEqual([1, 0x05]);
  });

  it("ignores broken SLIP and bytes outside frames without throwing", () => {
    const { device, send } = rom();
    expect(send(0, [], 0, Uint8Array.of(1, 2, 0xc0, 0xdb, 0x00, 0xc0, 0xc0, 0x00, 0xc0))).toEqual(
      [],
    );
    expect(device.internalErrors).toEqual([]);
    expect(send(0x08, SYNC)).toHaveLength(8);
  });

  it("lacks deflate, MD5 and baud change in the ESP8266 ROM", () => {
    const { send } = rom("ESP8266");
    for (const op of [0x10, 0x13, 0x0f]) expect(send(op, u32(0, 0, 0, 0))[0]![1]).not.toBe(op);
  });

  it("returns the ROM MD5 as 32 hex characters", () => {
    const [f] = rom().send(0x13, u32(0, 0x1000, 0, 0));
    const expected = createHash("md5").update(new Uint8Array(0x1000).fill(0xff)).digest("hex");
    expect(new TextDecoder().decode(f!.subarray(8, 40))).toBe(expected);
  });

  it("READ_FLASH_SLOW refuses more than 64 bytes with error 0A", () => {
    const { send } = rom();
    expect(send(0x0e, u32(0, 64))[0]!.length).toBe(8 + 64 + 4);
    expect(status(send(0x0e, u32(0, 65))[0]!).slice(0, 2)).toEqual([1, 0x0a]);
  });
});

describe("the ESP8266 ROM's FLASH_BEGIN erase quirk", () => {
  it("erases as many sectors again after the head sectors (esptool-js 0.7.0 does not compensate)", () => {
    const { device, send } = rom("ESP8266");
    device.flash.load(new Uint8Array(0x10000).fill(0x11));
    send(0x02, u32(0x3000, 1, 0x3000, 0)); // 3 sectors at 0, as esptool-js asks
    expect(device.flash.read(0x5000, 1)[0]).toBe(0xff); // sectors 3..5 lost as well
    expect(device.flash.read(0x6000, 1)[0]).toBe(0x11);
  });

  it("erases exactly what esptool's compensated size means", () => {
    const { device, send } = rom("ESP8266");
    device.flash.load(new Uint8Array(0x40000).fill(0x11));
    // esptool sends (16 - head) sectors for a 64 KB write at 0x1E000: head 2 → 14 sectors.
    send(0x02, u32(14 * 0x1000, 1, 0x10000, 0x1e000));
    expect(device.flash.read(0x1e000, 0x10000).every((b) => b === 0xff)).toBe(true);
    expect(device.flash.read(0x2e000, 1)[0]).toBe(0x11);
  });
});

describe("xorChecksum", () => {
  it("matches the byte-by-byte definition at every alignment and length", async () => {
    const { xorChecksum } = await import("./loader.js");
    const buf = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff);
    for (const start of [0, 1, 2, 3]) {
      for (const len of [0, 1, 5, 64, 255, 296]) {
        const part = buf.subarray(start, start + len);
        let x = 0xef;
        for (const b of part) x ^= b;
        expect(xorChecksum(part)).toBe(x);
      }
    }
  });
});

describe("the stub", () => {
  /** Upload RAM code and start it; a flasher stub carries its "OHAI" greeting. */
  function upload(code: number[]) {
    const r = rom("ESP32");
    r.send(0x05, u32(code.length, 1, 0x1800, 0x40080000));
    r.send(
      0x07,
      [...u32(code.length, 0, 0, 0), ...code],
      code.reduce((x, b) => x ^ b, 0xef),
    );
    const started = r.send(0x06, u32(0, 0x40080000));
    return { ...r, started };
  }
  const stub = () => upload([0x36, 0x41, 0x00, ...Array.from("OHAI", (c) => c.charCodeAt(0))]);

  it("RAM code that is not a flasher stub runs silently: no OHAI, no loader", () => {
    const { started, send, device } = upload([0x36, 0x41, 0x00, 0x1d, 0xf0, 0x00, 0x00, 0x00]);
    expect(started).toHaveLength(1); // the MEM_END reply only
    expect(device.state).toBe("running");
    expect(send(0x08, SYNC)).toHaveLength(0);
  });

  it("recognises a RISC-V stub by the lui that builds its greeting", () => {
    // lui a0, 0x49415 (0x4941484F = "OHAI" little-endian, built with lui + addi)
    const lui = (0x49415 << 12) | (10 << 7) | 0x37;
    const { started, device } = upload([0x13, 0x00, 0x00, 0x00, ...u32(lui)]);
    expect(new TextDecoder().decode(started[1])).toBe("OHAI");
    expect(device.state).toBe("stub");
  });

  it("says OHAI after MEM_END and then uses 2 status bytes", () => {
    const { started, send, device } = stub();
    expect(new TextDecoder().decode(started[1])).toBe("OHAI");
    expect(device.state).toBe("stub");
    expect(send(0x0a, u32(0x40001000))[0]).toHaveLength(10);
    const sync = send(0x08, SYNC);
    expect(sync).toHaveLength(8);
    expect(new DataView(sync[0]!.buffer).getUint32(4, true)).toBe(0);
  });

  it("READ_FLASH keeps at most maxInFlight packets unacknowledged, then sends the MD5", () => {
    const { device, send } = stub();
    device.flash.program(
      0,
      Uint8Array.from({ length: 0x3000 }, (_, i) => i & 0xff),
    );
    const first = send(0xd2, u32(0, 0x3000, 0x1000, 1));
    expect(first).toHaveLength(2); // reply + one packet
    expect(first[1]).toHaveLength(0x1000);
    const ack = (n: number) => send(0, [], 0, slipEncode(Uint8Array.from(u32(n))));
    expect(ack(0x1000)).toHaveLength(1);
    expect(ack(0x2000)).toHaveLength(1);
    const last = ack(0x3000);
    expect(last).toHaveLength(1);
    expect(Buffer.from(last[0]!).toString("hex")).toBe(
      createHash("md5").update(device.flash.read(0, 0x3000)).digest("hex"),
    );
  });

  it("answers an op it lacks with its own 'not implemented' code under the same op", () => {
    const [f] = stub().send(0x0e, u32(0, 16));
    expect(f![1]).toBe(0x0e);
    expect([...f!.subarray(-2)]).toEqual([0xff, 0]);
  });
});

describe("ROM auto-baud", () => {
  it("follows the host's rate until the first SYNC, then stays there", () => {
    const { device, send } = rom("ESP8266");
    expect(send(0x08, SYNC)).toHaveLength(8);
    expect(device.deviceBaud).toBe(115200);
    const frames: Uint8Array[] = [];
    const d = new SlipDecoder((f) => frames.push(f.slice()));
    device.onTransmit((b) => d.push(b));
    const pkt = Uint8Array.of(0, 0x0a, 4, 0, 0, 0, 0, 0, 0, 0x10, 0, 0x40);
    device.receive(slipEncode(pkt), 921600); // no CHANGE_BAUDRATE happened: garbage to the chip
    expect(frames).toEqual([]);
    expect(device.deviceBaud).toBe(115200);
  });
});

describe("robustness", () => {
  it("survives random frames and noise in every state and still answers SYNC", () => {
    let seed = 99;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) / 65536;
    for (const chip of ["ESP8266", "ESP32", "ESP32-C3"] as const) {
      const { device, send } = rom(chip);
      for (let k = 0; k < 400; k++) {
        const len = Math.floor(rnd() * 80);
        const body = Uint8Array.from({ length: len }, () => Math.floor(rnd() * 256));
        if (rnd() < 0.5 && len >= 8) body[0] = 0; // make many of them look like requests
        device.receive(rnd() < 0.7 ? slipEncode(body) : body, 115200);
      }
      expect(device.internalErrors).toEqual([]);
      if (device.state !== "download") device.reset("download");
      expect(send(0x08, SYNC).length).toBeGreaterThan(0);
    }
  });
});
