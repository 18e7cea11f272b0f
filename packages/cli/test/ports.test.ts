import { describe, expect, it } from "vitest";
import { json, runCli } from "./helpers/cli.js";

describe("esp-flash ports and port selection", () => {
  it("lists the machine's serial ports as JSON with USB ids where they have them", async () => {
    const run = await runCli(["--json", "ports"]);
    expect(run.code, run.stderr).toBe(0);
    const result = json<{
      ok: boolean;
      command: string;
      ports: { path: string; usbId?: string }[];
    }>(run);
    expect(result).toMatchObject({ ok: true, exitCode: 0, command: "ports" });
    const ports = result.ports;
    expect(Array.isArray(ports)).toBe(true);
    for (const port of ports) {
      expect(port.path).toMatch(/^\/dev\//);
      if (port.usbId !== undefined) expect(port.usbId).toMatch(/^[0-9a-f]{4}:[0-9a-f]{4}$/);
    }
  });

  it("a VID:PID with no board is exit 4 with advice", async () => {
    const run = await runCli(["info", "--port", "303a:9999"]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain("No serial port with USB id 303a:9999");
    expect(run.stderr).toContain("esp-flash ports");
  });

  it("a path that is no port is exit 4, saying the port could not be opened", async () => {
    expect((await runCli(["info", "--port", "/dev/ttyESPNONE"])).code).toBe(4);
    const run = await runCli(["read", "0", "16", "-o", "/dev/null", "--port", "/dev/ttyESPNONE"]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain("Could not open /dev/ttyESPNONE");
    expect(run.stderr).toContain("/dev/ttyESPNONE");
  });

  it("refuses unknown URL schemes and malformed socket URLs (exit 2)", async () => {
    expect((await runCli(["info", "--port", "telnet://x:1"])).code).toBe(2);
    expect((await runCli(["info", "--port", "socket://nohost"])).code).toBe(2);
  });
});
