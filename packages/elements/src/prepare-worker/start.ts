// Starts the prepare worker from the file a build emits for it (same origin: CSP
// `worker-src 'self'` allows it; no blob: URL). Under enforced Trusted Types a worker's URL
// must come from a policy: ours is "esp-flash" and vouches only for the URL of the worker
// being started by the call below, whatever name and place the app's bundler gave the file.

interface TrustedTypesLike {
  createPolicy(
    name: string,
    rules: { createScriptURL(url: string): string },
  ): { createScriptURL(url: string): unknown };
}

export const TRUSTED_TYPES_POLICY = "esp-flash";

let policy: ReturnType<TrustedTypesLike["createPolicy"]> | undefined;
/** The URL startPrepareWorker is starting right now; nothing else passes the policy. */
let starting: string | undefined;

/** The URL as the Worker constructor takes it on this page. */
function scriptUrl(url: string): string {
  const tt = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
  if (!tt) return url;
  // Throws when the page's `trusted-types` directive does not name the policy: no worker then.
  policy ??= tt.createPolicy(TRUSTED_TYPES_POLICY, {
    createScriptURL: (s) => {
      if (s !== starting) throw new TypeError(`Not the prepare worker: ${s}`);
      return s;
    },
  });
  return policy.createScriptURL(url) as string;
}

/** The page's Worker constructor, taking the URL through the policy. */
function policyWorker(native: typeof Worker): typeof Worker {
  return class PolicyWorker extends native {
    constructor(url: string | URL, options?: WorkerOptions) {
      // Bundlers hand over a URL object or a string, absolute or relative to the page.
      starting = String(url);
      try {
        super(scriptUrl(starting), options);
      } finally {
        starting = undefined;
      }
    }
  };
}

export function startPrepareWorker(): Worker {
  // Bundlers (Vite, webpack, Turbopack, esbuild, Parcel) bundle a worker only for the exact
  // form `new Worker(new URL("…", import.meta.url))` with the global Worker; anything else
  // (a local alias, a subclass) makes them copy the raw file, whose imports then fail. So the
  // global is swapped for the policy subclass during this one synchronous call.
  const native = globalThis.Worker;
  globalThis.Worker = policyWorker(native);
  try {
    return new Worker(new URL("./prepare-worker.js", import.meta.url), {
      type: "module",
      name: "esp-flash prepare",
    });
  } finally {
    globalThis.Worker = native;
  }
}
