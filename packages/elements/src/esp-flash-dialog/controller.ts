// The install flow as a plain state machine: FlashSession events in, View states out.
// No DOM here, so it is tested with a fake session.
import type {
  ConfirmAnswer, DeviceInfo, FlashErrorLike, FlashOptions, FlashPlan, FlashProgress, FlashResult, FlashStep,
  Manifest, ManifestBuild, SerialPortLike,
} from "../core-types.js";
import { patchNotes, type ErrorReport, type View } from "./view-state.js";

export type EraseMode = "prompt" | "always" | "never";
export interface SessionLike {
  addEventListener(type: string, listener: (e: Event) => void): void;
  run(): Promise<FlashResult>;
  abort(): void;
}
export interface ControllerDeps {
  createSession(options: FlashOptions): SessionLike;
  loadManifest(url: string, opts: { fetch?: typeof fetch; signal?: AbortSignal }): Promise<Manifest>;
  parseManifest(json: unknown, base: string): Manifest;
}
export interface ControllerOptions {
  manifest: string | object; base: string; erase: EraseMode; baudRate?: number; fetch?: typeof fetch;
}

const LOADING_STEPS = new Set<FlashStep>(["connecting", "detecting", "downloading", "preparing"]);

export class FlashController {
  view: View = { name: "idle" };
  step: FlashStep | undefined;
  readonly log: string[] = [];
  port: SerialPortLike | undefined;
  private plan: FlashPlan | undefined;
  private manifest: Manifest | undefined;
  private session: SessionLike | undefined;
  private answer: ((a: ConfirmAnswer) => void) | undefined;
  private choice: { resolve(b: ManifestBuild): void; reject(e: unknown): void } | undefined;
  private cancelled = false;
  private running = false;
  private readonly listeners = new Set<(view: View) => void>();

  constructor(private readonly deps: ControllerDeps, readonly options: ControllerOptions) {}

  subscribe(listener: (view: View) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  portCancelled(): void { this.set({ name: "port-cancelled" }); }

  /** Settles when the last session has finished, including its clean-up after a cancel. */
  settled: Promise<void> = Promise.resolve();

  start(port: SerialPortLike): Promise<void> {
    this.settled = this.run(port);
    return this.settled;
  }

  private async run(port: SerialPortLike): Promise<void> {
    this.port = port;
    this.cancelled = false;
    this.running = true;
    this.set({ name: "connecting", step: "connecting" });
    try {
      const manifest = (this.manifest ??= await this.loadManifest());
      const session = this.deps.createSession(this.sessionOptions(port, manifest));
      this.session = session;
      this.wire(session);
      const result = await session.run();
      if (!this.cancelled) this.set({ name: "done", plan: this.plan, manifest, result });
    } catch (e) {
      if (!this.cancelled) this.set({ name: "error", error: this.report(e) });
    } finally {
      this.running = false;
    }
  }

  chooseBuild(build: ManifestBuild): void { this.choice?.resolve(build); this.choice = undefined; }

  /** Summary → erase choice (when asked) → install. */
  next(): void {
    const v = this.view;
    if (v.name === "summary" && v.askErase) this.set({ name: "erase", plan: v.plan, erase: false });
    else if (v.name === "summary") this.reply(true);
  }
  setErase(erase: boolean): void { if (this.view.name === "erase") this.view = { ...this.view, erase }; }
  install(): void { if (this.view.name === "erase") this.reply({ erase: this.view.erase }); }

  cancel(): void {
    this.cancelled = true;
    this.reply(false);
    this.choice?.reject(new DOMException("Cancelled", "AbortError"));
    this.choice = undefined;
    // Aborting inside esptool-js's connect leaves the port open (core releases only a connected
    // link), so a cancel while connecting takes effect at the next step instead.
    if (this.step !== "connecting") this.session?.abort();
    this.set({ name: "closed", reason: "cancelled" });
  }

  retry(): Promise<void> {
    if (!this.port) throw new Error("retry() before start()");
    return this.start(this.port);
  }

  openConsole(): void { this.set({ name: "console" }); }
  close(): void {
    if (this.view.name === "closed") return;
    if (this.running) return this.cancel();
    this.set({ name: "closed", reason: this.view.name === "error" ? "error" : "done" });
  }

  private loadManifest(): Promise<Manifest> {
    const { manifest, base, fetch } = this.options;
    if (typeof manifest !== "string") return Promise.resolve(this.deps.parseManifest(manifest, base));
    return this.deps.loadManifest(new URL(manifest, base).href, { fetch });
  }

  private sessionOptions(port: SerialPortLike, manifest: Manifest): FlashOptions {
    const { erase, baudRate, fetch } = this.options;
    return {
      port, manifest, baudRate, fetch,
      erase: erase === "always" ? true : erase === "never" ? false : undefined,
      chooseBuild: (builds, device) => this.askBuild(builds, device),
      confirm: (plan) => this.askConfirm(plan, manifest),
      terminal: { write: (text) => this.log.push(...text.split(/\r?\n/).filter(Boolean)) },
    };
  }

  private askBuild(builds: ManifestBuild[], device: DeviceInfo): Promise<ManifestBuild> {
    return new Promise((resolve, reject) => {
      if (this.cancelled) return reject(new DOMException("Cancelled", "AbortError"));
      this.choice = { resolve, reject };
      this.set({ name: "choose-build", device, builds });
    });
  }

  private askConfirm(plan: FlashPlan, manifest: Manifest): Promise<ConfirmAnswer> {
    this.plan = plan;
    return new Promise((resolve) => {
      if (this.cancelled) return resolve(false);
      this.answer = resolve;
      // `prompt` asks unless the manifest says not to (ESP Web Tools' `new_install_prompt_erase: false`),
      // or the chip's security refuses a full erase (it would wipe the signed bootloader).
      const secured = plan.device.security?.secureBoot || plan.device.security?.flashEncryption;
      const askErase = this.options.erase === "prompt" && manifest.new_install_prompt_erase !== false && !secured;
      this.set({ name: "summary", plan, manifest, notes: patchNotes(plan), askErase });
    });
  }

  private reply(answer: ConfirmAnswer): void {
    const resolve = this.answer;
    this.answer = undefined;
    resolve?.(answer);
  }

  private wire(session: SessionLike): void {
    const on = <T>(type: string, fn: (detail: T) => void) =>
      session.addEventListener(type, (e) => {
        if (session === this.session && !this.cancelled) fn((e as CustomEvent<T>).detail);
      });
    session.addEventListener("step", () => { if (this.cancelled && session === this.session) session.abort(); });
    on<{ step: FlashStep }>("step", ({ step }) => this.onStep(step));
    on<FlashPlan>("plan", (plan) => (this.plan = plan));
    on<FlashProgress>("progress", (progress) => {
      this.set({ name: "progress", plan: this.plan, erasing: false, progress });
    });
    on<{ part: string; ok: boolean }>("verify", (v) => {
      const prev = this.view.name === "verifying" ? this.view : { verified: [], resetting: false };
      this.set({ name: "verifying", verified: [...prev.verified, v], resetting: prev.resetting });
    });
  }

  private onStep(step: FlashStep): void {
    this.step = step;
    if (LOADING_STEPS.has(step)) this.set({ name: "connecting", step });
    else if (step === "erasing") this.set({ name: "progress", plan: this.plan, erasing: true });
    else if (step === "writing" && this.view.name !== "progress")
      this.set({ name: "progress", plan: this.plan, erasing: false });
    else if (step === "verifying" || step === "resetting") {
      const verified = this.view.name === "verifying" ? this.view.verified : [];
      this.set({ name: "verifying", verified, resetting: step === "resetting" });
    } else this.set(this.view); // still tell listeners: the step changed
  }

  private report(e: unknown): ErrorReport {
    const err = e as Partial<FlashErrorLike>;
    const step = err.step ?? this.step ?? "connecting";
    const code = err.code ?? "unexpected";
    const message = err.message ?? String(e);
    const cause = err.cause instanceof Error ? `\ncause: ${err.cause.message}` : "";
    const tail = this.log.slice(-30).join("\n");
    const details = `${code} (${step}): ${message}${err.advice ? `\n${err.advice}` : ""}${cause}\n--- log ---\n${tail}`;
    return { step, code, message, advice: err.advice, details };
  }

  private set(view: View): void {
    this.view = view;
    for (const l of this.listeners) l(view);
  }
}
