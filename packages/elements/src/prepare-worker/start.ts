// Starts the prepare worker from the file a build emits next to this script (same origin: CSP
// `worker-src 'self'` allows it; no blob: URL). Under enforced Trusted Types a worker's URL
// must come from a policy: ours is "esp-flash" and vouches for this one URL only.

interface TrustedTypesLike {
  createPolicy(
    name: string,
    rules: { createScriptURL(url: string): string },
  ): { createScriptURL(url: string): unknown };
}

export const TRUSTED_TYPES_POLICY = "esp-flash";

let policy: ReturnType<TrustedTypesLike["createPolicy"]> | undefined;

/** The URL as the Worker constructor takes it on this page. */
function scriptUrl(url: URL): string {
  const tt = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
  if (!tt) return url.href;
  // Throws when the page's `trusted-types` directive does not name the policy: no worker then.
  policy ??= tt.createPolicy(TRUSTED_TYPES_POLICY, {
    createScriptURL: (s) => {
      if (!/\/prepare-worker\.(js|ts)$/.test(new URL(s).pathname))
        throw new TypeError(`Not the prepare worker: ${s}`);
      return s;
    },
  });
  return policy.createScriptURL(url.href) as string;
}

/** The Worker constructor, taking the URL through the policy. */
class PolicyWorker extends globalThis.Worker {
  constructor(url: URL, options: WorkerOptions) {
    super(scriptUrl(url), options);
  }
}

export function startPrepareWorker(): Worker {
  // Written as `new Worker(new URL("…", import.meta.url))` so that Vite bundles the worker and
  // points the URL at the emitted file; `Worker` here is PolicyWorker.
  const Worker = PolicyWorker;
  return new Worker(new URL("./prepare-worker.js", import.meta.url), {
    type: "module",
    name: "esp-flash prepare",
  });
}
