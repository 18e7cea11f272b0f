import { redirectRefusal } from "../manifest/url.js";

/** As many hops as browsers follow. */
const MAX_REDIRECTS = 20;

export interface Fetched {
  response: Response;
  /** The URL the response came from. */
  finalUrl: string;
  /** Why a redirect was not followed; the refused host was never asked. */
  refusal?: string;
}

/**
 * GET `url`, following redirects one hop at a time and judging each target by the redirect
 * policy *before* asking it, so a refused host (a local service, plain http: elsewhere) never
 * receives the request. Where redirects are opaque (browsers answer `redirect: "manual"` with
 * an opaque response), the platform follows them and the final URL is judged afterwards.
 */
export async function fetchFollowing(
  doFetch: typeof fetch,
  url: string,
  init: RequestInit,
): Promise<Fetched> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const response = await doFetch(current, { ...init, redirect: "manual" });
    if (response.type === "opaqueredirect") {
      const followed = await doFetch(current, { ...init, redirect: "follow" });
      return judged(followed, followed.url || current, url);
    }
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || location === null)
      return judged(response, response.url || current, url);
    await response.body?.cancel().catch(() => undefined);
    let next: string;
    try {
      next = new URL(location, current).href;
    } catch {
      return { response, finalUrl: location, refusal: "it was redirected to an invalid URL" };
    }
    const refusal = redirectRefusal(next, url);
    if (refusal) return { response, finalUrl: next, refusal };
    current = next;
  }
  throw new TypeError(`More than ${MAX_REDIRECTS} redirects from ${url}.`);
}

function judged(response: Response, finalUrl: string, asked: string): Fetched {
  const refusal = redirectRefusal(finalUrl, asked);
  return refusal ? { response, finalUrl, refusal } : { response, finalUrl };
}
