import { readFileSync, writeFileSync } from "node:fs";
import { makeSampleFirmware } from "./firmware/index.js";
import { parseCommand, USAGE, type Command } from "./node/cli-args.js";
import { startVirtualEspServer } from "./node/start.js";

async function run(command: Command): Promise<void> {
  if (command.kind === "help") {
    process.stdout.write(USAGE);
    return;
  }
  if (command.kind === "version") {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    console.log(pkg.version);
    return;
  }
  if (command.kind === "firmware") {
    const { firmware, out, kind: _kind, ...options } = command;
    const sample = makeSampleFirmware(firmware, options);
    if (firmware === "esp32-parts") {
      const stem = out.replace(/\.bin$/, "");
      for (const part of sample.parts) {
        writeFileSync(`${stem}-${part.name}.bin`, part.data);
        console.log(`${stem}-${part.name}.bin  at 0x${part.offset.toString(16)}`);
      }
    } else {
      const data = sample.merged ?? sample.parts[0]!.data;
      writeFileSync(out, data);
      const offset = sample.merged ? 0 : sample.parts[0]!.offset;
      console.log(
        `${out}: ${data.length} bytes for ${sample.chip}, write at 0x${offset.toString(16)} (header size ${sample.headerFlashSize})`,
      );
    }
    return;
  }
  const server = await startVirtualEspServer({
    ...command.options,
    log: (line) => console.log(`[virtual-esp] ${line}`),
  });
  const { device } = server;
  console.log(
    `virtual ${device.chip}, ${device.flashSize} flash (id 0x${device.flashId.toString(16)}), MAC ${device.mac}`,
  );
  console.log(
    `serving on ${server.url}${command.options.flashFile ? `, flash kept in ${command.options.flashFile}` : ""}`,
  );
  console.log(`try: esptool.py --port ${server.url} flash_id`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

Promise.resolve()
  .then(() => run(parseCommand(process.argv.slice(2))))
  .catch((error: unknown) => {
    const e = error as { message?: string; code?: string };
    console.error(`virtual-esp: ${e.message ?? String(error)}`);
    if (e.code === "usage" || e.code?.startsWith("ERR_PARSE_ARGS")) console.error(`\n${USAGE}`);
    process.exit(2);
  });
