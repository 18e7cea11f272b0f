import { describe, expect, it } from "vitest";
import { FlashError, FlashSession, flash } from "../../src/index.js";
import { boardFor, firmwareFor, flashProblems } from "./firmware.js";

// Found by the long fault matrix: a session that failed inside esptool-js's connect left the
// port open, so every retry on that port failed with "port-busy".
describe("a session that fails while connecting releases the port", () => {
  it("aborted while connecting: a retry on the same port flashes and verifies", async () => {
    const fw = firmwareFor("ESP32-C3");
    const board = boardFor("ESP32-C3", 7, []);
    const session = new FlashSession({ port: board.port, manifest: fw.manifest, fetch: fw.fetch });
    session.addEventListener("log", (e) => {
      if (/Connecting/.test(e.detail.line)) session.abort();
    });
    const error = await session.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlashError);
    expect(error).toMatchObject({ code: "aborted", step: "connecting" });

    const retry = await flash({ port: board.port, manifest: fw.manifest, fetch: fw.fetch });
    expect(retry.parts[0]?.verified).toBe(true);
    expect(flashProblems(board, fw, true)).toEqual([]);
  });

  it("a port another program holds open is left open", async () => {
    const fw = firmwareFor("ESP32-C3");
    const board = boardFor("ESP32-C3", 8, []);
    await board.port.open({ baudRate: 115200 });
    const error = await flash({ port: board.port, manifest: fw.manifest, fetch: fw.fetch }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "port-busy" });
    expect(board.port.readable).not.toBeNull();
    await board.port.close();
  });
});
