// A scripted stand-in for FlashSession that calls the same hooks in the same order.
import type {
  DeviceInfo,
  FlashOptions,
  FlashPlan,
  FlashResult,
  FlashStateReport,
  FlashStep,
  ManifestBuild,
} from "../../src/core-types.js";

export interface Script {
  device: DeviceInfo;
  builds: ManifestBuild[];
  plan: FlashPlan;
  failAt?: FlashStep;
  onStep?: (step: FlashStep) => void | Promise<void>;
}

export class FakeSession extends EventTarget {
  aborted = false;
  wroteBytes = 0;
  /** As core's FlashError says it: what the flash holds once writing began. */
  private flash: FlashStateReport | undefined;
  constructor(
    readonly options: FlashOptions,
    private readonly script: Script,
  ) {
    super();
  }

  abort(): void {
    this.aborted = true;
  }

  async run(): Promise<FlashResult> {
    const { device, builds, plan } = this.script;
    await this.step("connecting");
    await this.step("detecting");
    this.emit("device", device);
    if (builds.length > 1) await this.options.chooseBuild!(builds, device);
    await this.step("downloading");
    await this.step("preparing");
    this.emit("plan", plan);
    await this.step("confirming");
    const answer = await this.options.confirm!(plan);
    if (answer === false) return this.fail("aborted", "cancelled");
    const erase = typeof answer === "object" ? answer.erase : this.options.erase;
    // As core does: an erase means every part is written again, and the plan says so.
    if (erase && !plan.erase) {
      plan.erase = true;
      for (const part of plan.parts) part.skip = false;
      plan.totalBytes = plan.parts.reduce((n, p) => n + p.size, 0);
    }
    const total = plan.totalBytes;
    const backup = this.options.backup;
    if (backup) {
      await this.step("reading");
      const data = new Uint8Array(4096).map((_, i) => i);
      for (const read of [0, 2048, 4096])
        this.emit("backup", { offset: 0, read, total: data.length });
      await backup.save({ data, md5: "", offset: 0, device, whole: true });
    }
    if (erase) await this.step("erasing");
    const first = plan.parts[0]!;
    this.flash = {
      condition: "changed",
      erasedAll: !!erase,
      incomplete: { name: first.name, offset: first.offset },
      written: [],
    };
    await this.step("writing");
    for (const written of total ? [total / 2, total] : []) {
      if (this.aborted) this.fail("aborted", "aborted");
      this.wroteBytes = written;
      this.emit("progress", {
        part: plan.parts[0]!.name,
        partIndex: 0,
        written,
        total,
        overallWritten: written,
        overallTotal: total,
        bytesPerSecond: 100_000,
        etaSeconds: 1,
      });
    }
    this.flash = { condition: "verified", erasedAll: !!erase, written: [] };
    await this.step("verifying");
    this.emit("verify", { part: plan.parts[0]!.name, ok: true });
    await this.step("resetting");
    await this.step("done");
    return {
      outcome: total ? "flashed" : "unchanged",
      device,
      build: plan.build,
      parts: [],
      bytesWritten: total,
      baudRate: 115200,
      elapsedMs: 1,
    };
  }

  private async step(step: FlashStep): Promise<void> {
    await Promise.resolve();
    if (this.aborted) this.fail("aborted", "aborted");
    this.emit("step", { step });
    await this.script.onStep?.(step);
    if (this.script.failAt === step) this.fail(step, "test-failure");
  }

  private fail(step: FlashStep, code: string): never {
    const flash = this.flash ? { flash: this.flash } : {};
    throw Object.assign(new Error(`Failed while ${step}.`), {
      code,
      step,
      advice: "Try again.",
      ...flash,
    });
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
