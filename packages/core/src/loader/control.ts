/** Raised inside the session when the link drops; mapped to a FlashError by the step that was running. */
export class DeviceLostSignal extends Error {
  override name = "DeviceLostSignal";
}

/**
 * Abort and device-loss for one session. `run` races an esptool-js promise against both, so
 * a pulled cable or abort() ends the wait at once instead of after esptool-js's timeouts.
 */
export class Control {
  readonly controller = new AbortController();
  #lost = false;
  #lostPromise: Promise<never>;
  #rejectLost!: (reason: unknown) => void;
  #abortPromise: Promise<never>;

  constructor(outer?: AbortSignal) {
    this.#lostPromise = new Promise<never>((_, reject) => (this.#rejectLost = reject));
    this.#lostPromise.catch(() => {});
    const signal = this.controller.signal;
    this.#abortPromise = new Promise<never>((_, reject) => {
      const fire = () => reject(signal.reason ?? new DOMException("Aborted", "AbortError"));
      if (signal.aborted) fire();
      else signal.addEventListener("abort", fire, { once: true });
    });
    this.#abortPromise.catch(() => {});
    if (outer) {
      if (outer.aborted) this.controller.abort(outer.reason);
      else
        outer.addEventListener("abort", () => this.controller.abort(outer.reason), { once: true });
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }
  get aborted(): boolean {
    return this.controller.signal.aborted;
  }
  get lost(): boolean {
    return this.#lost;
  }

  markLost(): void {
    if (this.#lost) return;
    this.#lost = true;
    this.#rejectLost(new DeviceLostSignal("device lost"));
  }

  /** Await `work`, unless the session is aborted or the device is lost first. */
  run<T>(work: Promise<T>): Promise<T> {
    work.catch(() => {}); // the loser of the race must not surface as an unhandled rejection
    return Promise.race([work, this.#abortPromise, this.#lostPromise]);
  }

  throwIfAborted(): void {
    this.controller.signal.throwIfAborted();
  }
}

/** Resolve after `ms`, or reject at once on abort. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    // The listener goes when the delay ends: a polling loop must not pile them up on the signal.
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** A step that takes moments on any board did not settle in time: a port call that never returned. */
export class StepTimeout extends Error {
  override name = "StepTimeout";
}

/** `work`'s result, or a StepTimeout rejection once `ms` have passed without it settling. */
export async function settleWithin<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  work.catch(() => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `work`'s result, or undefined once `ms` have passed (a stuck close must not hang a retry). */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  try {
    return await settleWithin(work, ms, "the step");
  } catch (error) {
    if (error instanceof StepTimeout) return undefined;
    throw error;
  }
}
