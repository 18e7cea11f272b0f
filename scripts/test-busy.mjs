// `pnpm test:busy`: runs `pnpm test` (the README's test command, arguments passed on) while
// CPU hogs keep every core busy, as on a contributor's laptop that is compiling something
// else. The suite must pass here too. After the suite's `N passed, N failed` it prints how long
// it took and the load average it ran under.
// HOGS=n sets how many hogs run (default: one per core).
import { spawn } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { Worker } from "node:worker_threads";

const count = Number(process.env.HOGS ?? availableParallelism());
const hogs = Array.from(
  { length: count },
  () => new Worker("for (;;) Math.sqrt(Math.random());", { eval: true }),
);
const started = Date.now();
console.log(`test:busy: ${count} CPU hog(s) on ${availableParallelism()} core(s)`);

const sampler = setInterval(() => samples.push(loadavg()[0]), 10_000);
const samples = [];
const test = spawn("pnpm", ["test", ...process.argv.slice(2)], { stdio: "inherit" });

function stop(code) {
  clearInterval(sampler);
  for (const hog of hogs) void hog.terminate();
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const peak = Math.max(0, ...samples).toFixed(1);
  console.log(`test:busy: ${minutes} min beside ${count} hog(s), load average up to ${peak}`);
  process.exit(code);
}
test.on("close", (code, signal) => stop(code ?? (signal ? 1 : 0)));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => test.kill(signal));
