import { raiseBaud } from "./baud.js";
import { chooseBuild } from "./build.js";
import { identify, openLink, type Link } from "./connect.js";
import { Control } from "./control.js";
import { checkSecuredErase, type ManifestBuild } from "./deps.js";
import { aborted, toFlashError, type FlashError } from "./errors.js";
import { TypedFlashEventTarget } from "./events.js";
import { prepareParts } from "./prepare.js";
import { release, resetIntoFirmware } from "./reset.js";
import type { DeviceInfo, FlashOptions, FlashPlan, FlashResult, FlashStep, PartResult } from "./types.js";
import { verifyWritten, markSkips } from "./check.js";
import { ProgressMeter, writePart } from "./write.js";

/**
 * One flashing run on one port: connect → detect → choose build → prepare (refusing bad
 * input before any write) → confirm → baud → erase → write → verify → reset → release.
 * Listen to typed events; `run()` resolves with the result or rejects with a FlashError.
 */
export class FlashSession extends TypedFlashEventTarget {
  #step: FlashStep = "connecting";
  #ctl: Control;
  #running: Promise<FlashResult> | undefined;
  #address: number | undefined;

  constructor(readonly options: FlashOptions) {
    super();
    this.#ctl = new Control(options.signal);
  }

  get step(): FlashStep {
    return this.#step;
  }

  /** Stop as soon as possible; the port is closed and `run()` rejects with code "aborted". */
  abort(reason?: unknown): void {
    this.#ctl.controller.abort(reason);
  }

  /** Runs once; calling again returns the same promise. Use a new session to retry. */
  run(): Promise<FlashResult> {
    this.#running ??= this.#run();
    return this.#running;
  }

  async #run(): Promise<FlashResult> {
    const started = Date.now();
    const ctl = this.#ctl;
    let link: Link | undefined;
    try {
      ctl.throwIfAborted();
      this.#enter("connecting");
      link = await openLink(this.options.port, ctl, this.#log);
      this.#enter("detecting");
      const device = await identify(link, ctl);
      this.emit("device", device);
      this.#enter("choosing-build");
      const build = await ctl.run(chooseBuild(this.options, device));
      this.emit("build", build);
      const plan = await this.#plan(link, device, build);
      this.#enter("confirming");
      const answer = this.options.confirm ? await ctl.run(Promise.resolve(this.options.confirm(plan))) : true;
      if (answer === false) {
        this.#log("Cancelled before writing: the flash was not changed.");
        await release(link);
        return this.#finish(this.#result("cancelled", plan, [], 0, started));
      }
      if (typeof answer === "object" && answer.erase !== undefined && answer.erase !== plan.erase) {
        plan.erase = answer.erase;
        if (plan.erase) for (const part of plan.parts) part.skip = false;
        plan.totalBytes = plan.parts.reduce((n, p) => n + (p.skip ? 0 : p.size), 0);
      }
      if (plan.erase) checkSecuredErase(device.security, this.options.forceSecuredBootloaderWrite === true);
      const baudRate = await raiseBaud(link, ctl, this.options.baudRate);
      if (plan.erase) await this.#erase(link);
      const written = await this.#write(link, plan);
      this.#enter("verifying");
      const verified = await verifyWritten(link, ctl, written, {
        emit: (detail) => this.emit("verify", detail),
        rewrite: (part) => writePart(link!, ctl, part, () => {}),
        log: this.#log,
      });
      this.#enter("resetting");
      await resetIntoFirmware(link, ctl);
      await release(link);
      const outcome = written.length ? "flashed" : "unchanged";
      return this.#finish(this.#result(outcome, plan, verified, baudRate, started));
    } catch (thrown) {
      const error = ctl.aborted ? aborted(this.#step, thrown) : toFlashError(thrown, this.#step, { lost: ctl.lost, ...(this.#address !== undefined ? { address: this.#address } : {}) });
      await release(link);
      this.#fail(error);
      throw error;
    }
  }

  async #plan(link: Link, device: DeviceInfo, build: ManifestBuild): Promise<FlashPlan> {
    this.#enter("downloading");
    const prepared = await prepareParts(device, build, {
      signal: this.#ctl.signal,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      onDownload: (detail) => this.emit("download", detail),
      onDownloaded: () => this.#enter("preparing"),
      onPatch: (detail) => this.emit("patch", detail),
      log: this.#log,
      forceSecuredBootloaderWrite: this.options.forceSecuredBootloaderWrite === true,
    });
    const erase = this.options.erase ?? false;
    if (!this.options.force && !erase) await markSkips(link, this.#ctl, prepared.parts, this.#log);
    const plan: FlashPlan = {
      device,
      build,
      parts: prepared.parts,
      ...(prepared.flashSizeNote ? { flashSizeNote: prepared.flashSizeNote } : {}),
      ...(prepared.securityNote ? { securityNote: prepared.securityNote } : {}),
      erase,
      totalBytes: prepared.parts.reduce((n, p) => n + (p.skip ? 0 : p.size), 0),
    };
    this.emit("plan", plan);
    return plan;
  }

  async #erase(link: Link) {
    this.#enter("erasing");
    if (!link.loader.IS_STUB) {
      this.#log("Erasing the whole flash needs the flasher stub; writing without a full erase.");
      return;
    }
    await this.#ctl.run(link.loader.eraseFlash());
  }

  async #write(link: Link, plan: FlashPlan) {
    this.#enter("writing");
    const toWrite = plan.parts.filter((p) => !p.skip);
    const meter = new ProgressMeter(plan.totalBytes);
    for (const [partIndex, part] of plan.parts.entries()) {
      if (part.skip) continue;
      this.#address = part.offset;
      this.emit("progress", meter.detail(part, partIndex, 0));
      await writePart(link, this.#ctl, part, (done) => {
        this.#address = part.offset + done;
        this.emit("progress", meter.detail(part, partIndex, done));
      });
      meter.finishPart(part);
    }
    this.#address = undefined;
    return toWrite;
  }

  #result(outcome: FlashResult["outcome"], plan: FlashPlan, verified: PartResult[], baudRate: number, started: number): FlashResult {
    const parts = plan.parts.map(
      (p) => verified.find((v) => v.offset === p.offset) ?? { name: p.name, offset: p.offset, size: p.size, md5: p.md5, written: false, verified: p.skip },
    );
    return {
      outcome,
      device: plan.device,
      build: plan.build,
      parts,
      bytesWritten: verified.reduce((n, p) => n + (p.written ? p.size : 0), 0),
      baudRate,
      elapsedMs: Date.now() - started,
    };
  }

  #finish(result: FlashResult): FlashResult {
    this.#enter("done");
    this.emit("done", result);
    return result;
  }

  #fail(error: FlashError) {
    this.#step = error.code === "aborted" ? "aborted" : "error";
    this.emit("step", { step: this.#step });
    this.emit("error", error);
  }

  #enter(step: FlashStep) {
    this.#ctl.throwIfAborted();
    this.#step = step;
    this.emit("step", { step });
  }

  #log = (line: string) => {
    this.emit("log", { line });
    this.options.terminal?.write(`${line}\n`);
  };
}

/** Flash with one call; see FlashSession for events. */
export function flash(options: FlashOptions): Promise<FlashResult> {
  return new FlashSession(options).run();
}
