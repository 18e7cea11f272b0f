// The install flow as a plain state machine: FlashSession events in, View states out.
// No DOM here, so it is tested with a fake session.
import type {
  ConfirmAnswer,
  DeviceInfo,
  FlashErrorLike,
  FlashOptions,
  FlashPlan,
  FlashProgress,
  FlashResult,
  FlashStep,
  Manifest,
  ManifestBuild,
  SerialPortLike,
} from "../core-types.js";
import { alreadyInstalled, patchNotes, type ErrorReport, type View } from "./view-state.js";

/** `auto`: ESP Web Tools' rule: a new install erases (asks when the manifest says
 * `new_install_prompt_erase: true` or the deprecated `new_install_skip_erase: true`), an update
 * does not. Every confirmation says which. */
export type EraseMode = "auto" | "prompt" | "always" | "never";
/** What the person chose to do: a new install (default), or an update of the firmware the board runs. */
export interface InstallIntent {
  update: boolean;
  erase?: boolean;
  /** What the board's firmware says it runs (Improv's device info), named on the confirmation. */
  running?: { name: string; version: string };
}
export interface SessionLike {
  addEventListener(type: string, listener: (e: Event) => void): void;
  run(): Promise<FlashResult>;
  abort(): void;
}
export interface ControllerDeps {
  createSession(options: FlashOptions): SessionLike;
  loadManifest(
    url: string,
    opts: { fetch?: typeof fetch; signal?: AbortSignal },
  ): Promise<Manifest>;
  parseManifest(json: unknown, base: string): Manifest;
  /** Offer the backup to the person (a download in the browser). Throwing ends the install, nothing written. */
  saveFile(name: string, data: Uint8Array): void | Promise<void>;
}
export interface ControllerOptions {
  manifest: string | object;
  base: string;
  erase: EraseMode;
  baudRate?: number;
  fetch?: typeof fetch;
}

const LOADING_STEPS = new Set<FlashStep>(["connecting", "detecting", "downloading", "preparing"]);
/** Steps after which the flash may have changed: a stop there must say what it holds. */
const CHANGES_FLASH = new Set<FlashStep>(["erasing", "writing", "verifying", "resetting"]);

export class FlashController {
  view: View = { name: "idle" };
  step: FlashStep | undefined;
  readonly log: string[] = [];
  port: SerialPortLike | undefined;
  private plan: FlashPlan | undefined;
  private device: DeviceInfo | undefined;
  private manifest: Manifest | undefined;
  private session: SessionLike | undefined;
  private answer: ((a: ConfirmAnswer) => void) | undefined;
  private choice: { resolve(b: ManifestBuild): void; reject(e: unknown): void } | undefined;
  private cancelled = false;
  /** Stopped once the flash was being changed: the end shows what it holds instead of closing. */
  private stopping = false;
  private running = false;
  private intent: InstallIntent = { update: false };
  /** The board holds another version of the same firmware: install without erasing. */
  private keepData = false;
  /** The person's backup choice; kept for a Retry. */
  private backup = false;
  private readonly listeners = new Set<(view: View) => void>();

  constructor(
    private readonly deps: ControllerDeps,
    readonly options: ControllerOptions,
  ) {}

  subscribe(listener: (view: View) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  portCancelled(): void {
    this.set({ name: "port-cancelled" });
  }

  /** Settles when the last session has finished, including its clean-up after a cancel. */
  settled: Promise<void> = Promise.resolve();

  start(port: SerialPortLike, intent: InstallIntent = { update: false }): Promise<void> {
    this.intent = intent;
    this.settled = this.run(port);
    return this.settled;
  }

  private async run(port: SerialPortLike): Promise<void> {
    this.port = port;
    this.cancelled = false;
    this.running = true;
    this.set({ name: "connecting", step: "connecting" });
    // A manifest that cannot be loaded is not the board's fault: its errors say "downloading".
    let loadingManifest = true;
    try {
      const manifest = (this.manifest ??= await this.loadManifest());
      loadingManifest = false;
      const session = this.deps.createSession(this.sessionOptions(port, manifest));
      this.session = session;
      this.wire(session);
      const result = await session.run();
      if (!this.cancelled || this.stopping)
        this.set({ name: "done", plan: this.plan, manifest, result });
    } catch (e) {
      if (!this.cancelled || this.stopping)
        this.set({
          name: "error",
          error: this.report(e, loadingManifest ? "downloading" : undefined),
        });
    } finally {
      this.running = false;
      this.stopping = false;
    }
  }

  chooseBuild(build: ManifestBuild): void {
    this.choice?.resolve(build);
    this.choice = undefined;
  }

  /** Summary → erase choice (when asked) → install. */
  next(): void {
    const v = this.view;
    if (v.name === "summary" && v.askErase)
      // "Erase user data" arrives here with the box ticked: the person asked for the erase.
      this.set({ name: "erase", plan: v.plan, erase: !!this.intent.erase, backup: this.backup });
    else if (v.name === "summary") this.reply(this.keepData ? { erase: false } : true);
  }
  /** Already installed, but the person asks to erase and write it all again. */
  reinstall(): void {
    const v = this.view;
    if (v.name === "summary" && v.canErase) {
      this.keepData = false;
      this.set({ name: "erase", plan: v.plan, erase: true, backup: this.backup });
    }
  }
  setBackup(backup: boolean): void {
    const v = this.view;
    if (v.name !== "summary" && v.name !== "erase") return;
    this.backup = backup;
    this.set({ ...v, backup });
  }
  setErase(erase: boolean): void {
    if (this.view.name === "erase") this.set({ ...this.view, erase });
  }
  install(): void {
    if (this.view.name === "erase") this.reply({ erase: this.view.erase });
  }

  cancel(): void {
    this.cancelled = true;
    this.reply(false);
    this.choice?.reject(new DOMException("Cancelled", "AbortError"));
    this.choice = undefined;
    // Aborting inside esptool-js's connect leaves the port open (core releases only a connected
    // link), so a cancel while connecting takes effect at the next step instead.
    if (this.step !== "connecting") this.session?.abort();
    if (!this.stopping) this.set({ name: "closed", reason: "cancelled" });
  }

  /** Stop (or close) while running: once the flash is being changed, end on what it holds. */
  stop(): void {
    if (this.running && this.step && CHANGES_FLASH.has(this.step)) this.stopping = true;
    if (this.stopping && this.view.name === "progress") this.set({ ...this.view, stopping: true });
    this.cancel();
  }

  retry(): Promise<void> {
    if (!this.port) throw new Error("retry() before start()");
    return this.start(this.port, this.intent);
  }

  /** Shows a view the install flow does not produce itself (the Improv views). */
  show(view: View): void {
    this.set(view);
  }

  /** The manifest, loaded once (also by the first install). */
  async loadManifestOnce(): Promise<Manifest> {
    return (this.manifest ??= await this.loadManifest());
  }

  /** `back`: the console offers Back to the view it was opened from. */
  openConsole(back = false): void {
    this.set({ name: "console", back });
  }

  /** The port is busy outside an install until `work` settles (the menu reading the flash):
   * the button's next install waits for it too. */
  hold(work: Promise<unknown>): void {
    const before = this.settled;
    this.settled = Promise.all([before, work.catch(() => undefined)]).then(() => undefined);
  }

  /** A failure of the dialog itself (a chunk that did not load, a tag taken by another library). */
  fail(code: "load-failed" | "element-conflict", message: string): void {
    if (this.running) this.cancel();
    const step = this.step ?? "connecting";
    this.set({
      name: "error",
      error: { step, code, message, details: `${code} (${step}): ${message}` },
    });
  }
  close(): void {
    if (this.view.name === "closed") return;
    if (this.running) return this.stop();
    this.set({ name: "closed", reason: this.view.name === "error" ? "error" : "done" });
  }

  /** The page took the element away: stop whatever runs and close, with no one left to tell. */
  dispose(): void {
    this.stopping = false;
    if (this.running) return this.cancel();
    this.close();
  }

  private loadManifest(): Promise<Manifest> {
    const { manifest, base, fetch } = this.options;
    if (typeof manifest !== "string")
      return Promise.resolve(this.deps.parseManifest(manifest, base));
    return this.deps.loadManifest(new URL(manifest, base).href, { fetch });
  }

  private sessionOptions(port: SerialPortLike, manifest: Manifest): FlashOptions {
    const { erase, baudRate, fetch } = this.options;
    const options: FlashOptions = {
      port,
      manifest,
      baudRate,
      fetch,
      erase:
        erase === "always"
          ? true
          : erase === "never"
            ? false
            : erase === "auto"
              ? this.autoErase(manifest)
              : undefined,
      chooseBuild: (builds, device) => this.askBuild(builds, device),
      confirm: (plan) => this.askConfirm(plan, manifest),
      terminal: { write: (text) => this.log.push(...text.split(/\r?\n/).filter(Boolean)) },
    };
    // Read by the session after `confirm`, when the person's choice is known.
    return Object.defineProperty(options, "backup", {
      get: () => this.backupOptions(),
      enumerable: true,
    });
  }

  /** Nothing is written when there is nothing to write: no backup is needed then either. */
  private backupOptions(): FlashOptions["backup"] {
    if (!this.backup || (this.plan && alreadyInstalled(this.plan))) return undefined;
    return {
      // Loaded with the backup, not with every install.
      save: async ({ data, device, offset, whole }) => {
        const { backupFileName } = await import("./backup-file.js");
        const range = whole ? undefined : { offset, length: data.length };
        return this.deps.saveFile(backupFileName(device, new Date(), range), data);
      },
    };
  }

  private askBuild(builds: ManifestBuild[], device: DeviceInfo): Promise<ManifestBuild> {
    return new Promise((resolve, reject) => {
      if (this.cancelled) return reject(new DOMException("Cancelled", "AbortError"));
      this.choice = { resolve, reject };
      this.set({ name: "choose-build", device, builds });
    });
  }

  private askConfirm(found: FlashPlan, manifest: Manifest): Promise<ConfirmAnswer> {
    // Beyond ESP Web Tools: the board's flash says it runs another version of the same project,
    // so without an erase attribute or a choice made on the dashboard this is an update: the
    // person's data is kept (and the confirmation says so; "Erase and reinstall…" stays offered).
    this.keepData =
      this.options.erase === "auto" &&
      this.intent.erase === undefined &&
      !this.intent.update &&
      found.erase &&
      found.relation === "same-project";
    const plan = this.keepData ? { ...found, erase: false } : found;
    this.plan = plan;
    return new Promise((resolve) => {
      if (this.cancelled) return resolve(false);
      this.answer = resolve;
      // `prompt` asks unless the manifest says not to (ESP Web Tools' `new_install_prompt_erase: false`);
      // `auto` (no erase attribute) follows ESP Web Tools' rule. When nothing would be written the
      // erase is offered, not asked; on a chip with secure boot or flash encryption a full erase
      // is refused (it would wipe the signed bootloader), so it is neither asked nor offered.
      const secured = plan.device.security?.secureBoot || plan.device.security?.flashEncryption;
      const canErase =
        (this.options.erase === "prompt" || this.options.erase === "auto") && !secured;
      const wouldAsk =
        this.options.erase === "prompt"
          ? manifest.new_install_prompt_erase !== false
          : this.options.erase === "auto" && this.autoErase(manifest) === undefined;
      const askErase = canErase && wouldAsk && !alreadyInstalled(plan) && !this.keepData;
      this.set({
        name: "summary",
        plan,
        manifest,
        notes: patchNotes(plan),
        askErase,
        canErase,
        backup: this.backup,
        ...(this.intent.update ? { update: true } : {}),
        ...(this.intent.running ? { running: this.intent.running } : {}),
      });
    });
  }

  /** ESP Web Tools' erase rule; `undefined` = ask. */
  private autoErase(manifest: Manifest): boolean | undefined {
    if (this.intent.erase !== undefined) return this.intent.erase;
    if (this.intent.update) return false;
    // EWT's deprecated `new_install_skip_erase: true` makes it ask too: never erase unasked.
    return manifest.new_install_prompt_erase === true || manifest.new_install_skip_erase === true
      ? undefined
      : true;
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
    session.addEventListener("step", () => {
      if (this.cancelled && session === this.session) session.abort();
    });
    on<{ step: FlashStep }>("step", ({ step }) => this.onStep(step));
    on<FlashPlan>("plan", (plan) => (this.plan = plan));
    on<DeviceInfo>("device", (device) => (this.device = device));
    on<{ read: number; total: number }>("backup", ({ read, total }) =>
      this.set({ name: "backup", progress: { read, total } }),
    );
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
    const nothingToWrite = !!this.plan && alreadyInstalled(this.plan);
    if (LOADING_STEPS.has(step)) this.set({ name: "connecting", step });
    else if (step === "reading") this.set({ name: "backup" });
    else if (step === "erasing") this.set({ name: "progress", plan: this.plan, erasing: true });
    else if (step === "writing" && this.view.name !== "progress" && !nothingToWrite)
      this.set({ name: "progress", plan: this.plan, erasing: false });
    // Nothing to write (all already on the board): no "Installing…", no "Checking what was written…".
    else if (
      step === "verifying" ||
      step === "resetting" ||
      (step === "writing" && nothingToWrite)
    ) {
      const verified = this.view.name === "verifying" ? this.view.verified : [];
      this.set({ name: "verifying", verified, resetting: step === "resetting" || nothingToWrite });
    } else this.set(this.view); // still tell listeners: the step changed
  }

  private report(e: unknown, during?: FlashStep): ErrorReport {
    const err = e as Partial<FlashErrorLike>;
    const step = err.step ?? during ?? this.step ?? "connecting";
    const code = err.code ?? "unexpected";
    const message = err.message ?? String(e);
    const cause = err.cause instanceof Error ? `\ncause: ${err.cause.message}` : "";
    const tail = this.log.slice(-30).join("\n");
    const details = `${code} (${step}): ${message}${err.advice ? `\n${err.advice}` : ""}${cause}\n--- log ---\n${tail}`;
    const report = { step, code, message, advice: err.advice, details, params: this.params(err) };
    return err.flash ? { ...report, flash: err.flash } : report;
  }

  /** The facts a translated message names, from the error (or a download error it wraps) and the board. */
  private params(err: Partial<FlashErrorLike>): ErrorReport["params"] {
    const download = [err, err.cause].find(
      (x): x is { url: string; status?: number } =>
        typeof (x as { url?: unknown } | undefined)?.url === "string",
    );
    const file = download
      ? decodeURIComponent(
          new URL(download.url, "https://x/").pathname.split("/").pop() || download.url,
        )
      : undefined;
    const params = {
      status: download?.status,
      file,
      chip: this.device?.family,
      flashSize: this.device?.flashSize,
    };
    return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  }

  private set(view: View): void {
    this.view = view;
    for (const l of this.listeners) l(view);
  }
}
