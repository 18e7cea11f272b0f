import { run } from "./program.js";

const code = await run(process.argv.slice(2));
// serialport and esptool-js may leave handles behind: end once output is flushed.
process.stdout.write("", () => process.exit(code));
