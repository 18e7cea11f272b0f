import { afterAll, describe, expect, it } from "vitest";
import { makeSampleFirmware, VirtualEsp } from "@esp-flash/virtual-device";
import { serveSerial, type ServedDevice } from "@esp-flash/virtual-device/node";
import { runCli, startCli } from "./helpers/cli.js";

const servers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/**
 * A board whose firmware is running when the console connects (a socket has no reset lines,
 * and `virtual-esp serve` resets into download mode): each client sees it boot from flash.
 */
async function runningBoard() {
  const firmware = makeSampleFirmware("esp32-merged", {
    chip: "ESP32",
    seed: 2,
    flashSize: "4MB",
  }).merged!;
  const device = new VirtualEsp({ chip: "ESP32", flashSize: "4MB", flashContents: firmware });
  const served: ServedDevice = {
    get usb() {
      return device.usb;
    },
    get state() {
      return device.state;
    },
    get deviceBaud() {
      return device.deviceBaud;
    },
    receive: (bytes, baud) => device.receive(bytes, baud),
    onTransmit: (listener) => device.onTransmit(listener),
    setSignals: (signals) => device.setSignals(signals),
    onDisconnect: (listener) => device.onDisconnect(listener),
    // Boot just after the client is attached, so it hears the boot log.
    reset: () => void setTimeout(() => device.reset("flash"), 50),
  };
  const server = await serveSerial(served, { port: 0 });
  servers.push(server);
  return { device, url: server.url };
}

describe("esp-flash monitor", () => {
  it("shows the board's output, sends what is typed, and Ctrl-C closes it cleanly (exit 130)", async () => {
    const board = await runningBoard();
    const cli = startCli(["monitor", "--port", board.url], { keepStdin: true });
    await cli.waitFor("[virtual-esp] boot verdict: OK");
    await cli.waitFor("firmware running on a virtual device");
    cli.child.stdin!.write("hello from the host\r\n");
    await cli.waitFor("[virtual ESP32] hello from the host");
    cli.child.kill("SIGINT");
    const run = await cli.done;
    expect(run.code, run.stderr).toBe(130);
    expect(run.stdout).toContain(`--- ${board.url} at 115200 baud`);
    expect(run.stdout).toContain("a socket:// port has no reset lines");
    expect(run.stdout.trimEnd().endsWith("--- closed ---")).toBe(true);
  });

  it("refuses --json: an interactive console has no JSON result (exit 2, as JSON)", async () => {
    const run = await runCli(["--json", "monitor", "--port", "socket://127.0.0.1:1"]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      exitCode: 2,
      command: "monitor",
      error: { code: "usage", message: expect.stringContaining("no JSON result") },
    });
  });

  it("says when the port goes away (exit 4)", async () => {
    const board = await runningBoard();
    const cli = startCli(["monitor", "--port", board.url], { keepStdin: true });
    await cli.waitFor("firmware running");
    await servers.pop()!.close();
    const run = await cli.done;
    expect(run.stderr).toContain("The port went away");
    expect(run.code).toBe(4);
  });
});
