import { run } from "./program.js";

const code = await run(process.argv.slice(2));
// Everything is said: a signal from now on only hurries the exit (it must not kill us as a signal).
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
  process.on(signal, () => process.exit(code));
// serialport and esptool-js may leave handles behind: end once output is flushed.
process.stdout.write("", () => process.exit(code));
