import { compareFirmware, identityOfParts, readFirmwareIdentity } from "../firmware/identity.js";
import { Control, Loader, SAFE_BAUD, StepTimeout } from "../loader/index.js";
import { hex } from "./describe.js";
import { saveBackup } from "./backup.js";
import { chooseBuild } from "./build.js";
import { checkPlaintextWrite, checkSecuredErase, type ManifestBuild } from "./deps.js";
import { aborted, restartNote, toFlashError, withFlashState, type FlashError } from "./errors.js";
import { TypedFlashEventTarget } from "./events.js";
import { finalCheck, markSkips } from "./flash-checks.js";
import { FlashState } from "./flash-state.js";
import { identifyDevice } from "./identify.js";
import { prepareParts, type Prepared } from "./prepare.js";
import type {
  DeviceInfo,
  FlashOptions,
  FlashPlan,
  FlashResult,
  FlashStep,
  PartResult,
  PreparedPart,
  Restart,
} from "./types.js";
import { ProgressMeter, resumePoint, writePart } from "./write.js";
import { refuseWrapBeforeWriting } from "./wrap.js";

/**
 * One flashing run on one port: connect → detect → choose build → prepare (refusing bad
 * input before any write) → confirm → backup → erase → write → one final check of every
 * part → reset → release. Listen to typed events; `run()` resolves with the result or
 * rejects with a FlashError.
 */
export class FlashSession extends TypedFlashEventTarget {
  #step: FlashStep = "connecting";
  #ctl: Control;
  #running: Promise<FlashResult> | undefined;
  #state = new FlashState();

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
    let loader: Loader | undefined;
    try {
      ctl.throwIfAborted();
      this.#enter("connecting");
      loader = await Loader.open(this.options.port, ctl, this.#log);
      this.#enter("detecting");
      const device = await identifyDevice(loader, this.options.baudRate);
      this.emit("device", device);
      // Release-mode flash encryption: anything written would be plaintext the chip cannot use.
      checkPlaintextWrite(device.security, this.options.forceSecuredBootloaderWrite === true);
      this.#enter("choosing-build");
      const build = await ctl.run(chooseBuild(this.options, device));
      this.emit("build", build);
      const { plan, prepared, wrapProbe } = await this.#plan(loader, device, build);
      this.#enter("confirming");
      const answer = this.options.confirm
        ? await ctl.run(Promise.resolve(this.options.confirm(plan)))
        : true;
      if (answer === false) {
        this.#log("Cancelled before writing: the flash was not changed.");
        await loader.release();
        return this.#finish(this.#result("cancelled", plan, [], loader.baudRate, started));
      }
      if (typeof answer === "object" && answer.erase !== undefined && answer.erase !== plan.erase) {
        plan.erase = answer.erase;
        if (plan.erase) for (const part of plan.parts) part.skip = false;
        plan.totalBytes = plan.parts.reduce((n, p) => n + (p.skip ? 0 : p.size), 0);
      }
      // A full erase would wipe the bootloader secure boot protects: refused before anything happens.
      if (plan.erase)
        checkSecuredErase(device.security, this.options.forceSecuredBootloaderWrite === true);
      if (this.options.backup) {
        this.#enter("reading");
        await saveBackup(
          loader,
          ctl,
          device,
          prepared.bound,
          this.options.backup,
          (detail) => this.emit("backup", detail),
          this.#log,
        );
      }
      if (plan.erase) await this.#erase(loader);
      await this.#write(loader, plan, prepared);
      this.#enter("verifying");
      const verified = await finalCheck(loader, plan.parts, prepared.bound?.bytes, {
        emit: (detail) => this.emit("verify", detail),
        rewrite: (part) =>
          writePart(loader!, this.#state, part, () => {}, prepared.deflated.get(part)),
        log: this.#log,
        probeWrapAfterWriting: wrapProbe === "unproven",
        overwritten: (parts) => this.#state.overwritten(parts),
      });
      this.#state.verifiedAll();
      const written = plan.parts.some((p) => !p.skip);
      this.#enter("resetting");
      const ending = await this.#reset(loader);
      await loader.release();
      const result = this.#result(
        written ? "flashed" : "unchanged",
        plan,
        verified,
        loader.baudRate,
        started,
      );
      return this.#finish({ ...result, ...ending });
    } catch (thrown) {
      const error = withFlashState(
        ctl.aborted
          ? aborted(this.#step, thrown, this.#state.condition)
          : toFlashError(thrown, this.#step, {
              lost: ctl.lost,
              ...(this.#state.address !== undefined ? { address: this.#state.address } : {}),
            }),
        this.#state,
      );
      await loader?.release();
      this.#fail(error);
      throw error;
    }
  }

  async #plan(
    loader: Loader,
    device: DeviceInfo,
    build: ManifestBuild,
  ): Promise<{ plan: FlashPlan; prepared: Prepared; wrapProbe: "genuine" | "unproven" }> {
    this.#enter("downloading");
    const prepared = await prepareParts(device, build, {
      signal: this.#ctl.signal,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      onDownload: (detail) => this.emit("download", detail),
      onDownloaded: () => this.#enter("preparing"),
      onPatch: (detail) => this.emit("patch", detail),
      log: this.#log,
      forceSecuredBootloaderWrite: this.options.forceSecuredBootloaderWrite === true,
      ...(this.options.preparer ? { preparer: this.options.preparer } : {}),
      blockSize: loader.writeBlockSize,
    });
    const erase = this.options.erase ?? false;
    if (!this.options.force && !erase)
      await markSkips(loader, this.#ctl, prepared.parts, this.#log);
    const wrapProbe =
      erase || prepared.parts.some((p) => !p.skip)
        ? await refuseWrapBeforeWriting(loader, prepared.parts, prepared.bound?.bytes)
        : "genuine";
    const firmware = await this.#firmwareIdentity(loader, device, prepared.parts);
    const plan: FlashPlan = {
      device,
      build,
      parts: prepared.parts,
      ...firmware,
      ...(prepared.flashSizeNote ? { flashSizeNote: prepared.flashSizeNote } : {}),
      ...(prepared.bound ? { flashBound: prepared.bound } : {}),
      ...(prepared.securityNote ? { securityNote: prepared.securityNote } : {}),
      erase,
      totalBytes: prepared.parts.reduce((n, p) => n + (p.skip ? 0 : p.size), 0),
    };
    this.emit("plan", plan);
    return { plan, prepared, wrapProbe };
  }

  /** What the board holds and what is coming, so a confirmation can say "update" or "new
   * install". A few KB of reads; a read that fails (or is stopped) only leaves it unknown. */
  async #firmwareIdentity(
    loader: Loader,
    device: DeviceInfo,
    parts: PreparedPart[],
  ): Promise<Pick<FlashPlan, "onBoard" | "incoming" | "relation">> {
    const incoming = await identityOfParts(parts, device.family);
    try {
      this.#ctl.throwIfAborted();
      const onBoard = await readFirmwareIdentity(
        async (offset, length) => (await loader.read(offset, length, () => undefined)).data,
        device.family,
      );
      return { onBoard, incoming, relation: compareFirmware(onBoard, incoming) };
    } catch (error) {
      if (this.#ctl.aborted) throw error;
      this.#log(`Could not read what firmware the board holds: ${String(error)}`);
      return { incoming };
    }
  }

  async #erase(loader: Loader) {
    this.#enter("erasing");
    loader.throwIfLost();
    if (!loader.stub) {
      this.#log("Erasing the whole flash needs the flasher stub; writing without a full erase.");
      return;
    }
    this.#state.eraseSent();
    await loader.eraseAll();
    this.#state.erasedAll();
  }

  /**
   * Write the parts. A write that fails at a rate above 921600 (one the link proved, then did
   * not keep) falls back once: reset, 921600, then the part goes on from the first 64 KB of it
   * the flash does not already hold (found by MD5, see resumePoint); parts already written stay,
   * and the final MD5 pass checks everything. The cost is logged.
   */
  async #write(loader: Loader, plan: FlashPlan, prepared: Prepared) {
    this.#enter("writing");
    const meter = new ProgressMeter(plan.totalBytes);
    let fellBack = false;
    for (const [partIndex, part] of plan.parts.entries()) {
      if (part.skip) continue;
      let acked = 0;
      const write = (from: number) => {
        this.emit("progress", meter.detail(part, partIndex, from));
        return writePart(
          loader,
          this.#state,
          part,
          (done) => {
            acked = done;
            this.emit("progress", meter.detail(part, partIndex, done));
          },
          from === 0 ? prepared.deflated.get(part) : undefined,
          from,
        );
      };
      try {
        await write(0);
      } catch (error) {
        const rate = loader.baudRate;
        if (fellBack || rate <= SAFE_BAUD || this.#ctl.aborted || this.#ctl.lost) throw error;
        fellBack = true;
        const started = Date.now();
        this.#log(
          `Writing ${part.name} failed at ${rate} baud (${String(error)}); going back to a lower rate to write it again.`,
        );
        const now = await loader.fallBack();
        const from = await resumePoint(loader, part, acked);
        this.#log(
          `Back at ${now} baud after ${((Date.now() - started) / 1000).toFixed(1)} s; writing ${part.name} again from ${hex(part.offset + from)}${from > 0 ? ` (the ${from / 1024} KB before it are on the flash already)` : ""}.`,
        );
        await write(from);
      }
      meter.finishPart(part);
    }
  }

  /**
   * Boot the new firmware. Everything was verified already: a USB-JTAG-serial or USB-OTG chip
   * that drops off USB as it resets has done what it should, and a port that never carries out
   * the reset leaves a verified flash the RESET button starts; notes, not errors.
   */
  async #reset(loader: Loader): Promise<{ restart: Restart; note?: string }> {
    let restarted = false;
    try {
      restarted = await loader.resetIntoFirmware();
    } catch (error) {
      if (this.#ctl.aborted || !(this.#ctl.lost || error instanceof StepTimeout)) throw error;
    }
    const restart = this.#ctl.lost ? "left-usb" : restarted ? "restarted" : "press-reset";
    const note = restartNote(restart, loader.usb);
    if (!note) return { restart };
    this.#log(note);
    return { restart, note };
  }

  #result(
    outcome: FlashResult["outcome"],
    plan: FlashPlan,
    verified: PartResult[],
    baudRate: number,
    started: number,
  ): FlashResult {
    const parts = plan.parts.map(
      (p) =>
        verified.find((v) => v.offset === p.offset) ?? {
          name: p.name,
          offset: p.offset,
          size: p.size,
          md5: p.md5,
          written: false,
          verified: p.skip,
        },
    );
    return {
      outcome,
      device: plan.device,
      build: plan.build,
      parts,
      bytesWritten: parts.reduce((n, p) => n + (p.written ? p.size : 0), 0),
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
