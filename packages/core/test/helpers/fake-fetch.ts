/** A fake `fetch` serving real `Response` objects from a table, recording every request. */
export interface FakeRoute {
  body?: Uint8Array | string | ReadableStream<Uint8Array> | null;
  status?: number;
  headers?: Record<string, string>;
  /** Reject like a network or CORS failure. */
  networkError?: boolean;
  /**
   * Answer 302 to this URL. Like Node's fetch: `redirect: "manual"` gets the 302 itself,
   * otherwise the fake follows it (requesting the target) and the response carries its URL.
   */
  location?: string;
}

export function fakeFetch(
  routes: Record<string, FakeRoute>,
): typeof fetch & { requests: string[] } {
  const requests: string[] = [];
  const impl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    requests.push(url);
    init?.signal?.throwIfAborted();
    const route = routes[url];
    if (!route) return new Response("not found", { status: 404, statusText: "Not Found" });
    if (route.networkError) throw new TypeError("Failed to fetch");
    if (route.location !== undefined) {
      if (init?.redirect === "manual")
        return new Response(null, { status: 302, headers: { location: route.location } });
      const followed = await impl(new URL(route.location, url).href, init);
      if (!followed.url)
        Object.defineProperty(followed, "url", { value: new URL(route.location, url).href });
      return followed;
    }
    const body =
      route.body instanceof Uint8Array ? new Uint8Array(route.body) : (route.body ?? null);
    return new Response(body, { status: route.status ?? 200, headers: route.headers ?? {} });
  };
  return Object.assign(impl as typeof fetch, { requests });
}

/** A body that delivers `chunks` and then waits until `signal` aborts (or errors). */
export function slowStream(
  chunks: Uint8Array[],
  signal?: AbortSignal,
  failAfter = false,
): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) {
        controller.enqueue(chunks[i++]!);
        return;
      }
      if (failAfter) {
        controller.error(new TypeError("network error"));
        return;
      }
      return new Promise<void>((_resolve, reject) => {
        signal?.addEventListener("abort", () => {
          const reason: unknown = signal.reason;
          controller.error(reason);
          reject(reason instanceof Error ? reason : new Error(String(reason)));
        });
      });
    },
  });
}
