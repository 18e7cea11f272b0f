// Which renderer shows each view. The install path (connect, detect, choose, confirm, write,
// verify, done) comes with the dialog; the rest loads the first time it is shown, so a first
// click carries only what an install needs.
import { supportsAdoptingStyleSheets, type CSSResult } from "lit";
import type { SerialPortLike } from "../../core-types.js";
import type { Actions, View, ViewName } from "../view-state.js";

/** What a view may need besides its state and the actions. */
export interface ViewContext {
  port: SerialPortLike | undefined;
  log: string[];
}
type Renderer<N extends ViewName> = (v: View & { name: N }, a: Actions, c: ViewContext) => unknown;
export type Renderers = { [N in ViewName]?: Renderer<N> };
/** Renderers with the styles they need, loaded together. */
export interface ViewSet {
  renderers: Renderers;
  styles: (CSSResult | CSSResult[])[];
}

const improvViews = () => import("./lazy/improv-views.js");
const LAZY: { [N in ViewName]?: () => Promise<{ views: ViewSet }> } = {
  "port-cancelled": () => import("./lazy/port-cancelled-view.js"),
  erase: () => import("./lazy/erase-view.js"),
  backup: () => import("./lazy/backup-view.js"),
  error: () => import("./lazy/error-view.js"),
  console: () => import("./lazy/console-view.js"),
  dashboard: improvViews,
  wifi: improvViews,
  "wifi-connecting": improvViews,
  provisioned: improvViews,
};

/** One dialog's renderers: those it came with and those loaded since (their styles adopted). */
export class ViewRegistry {
  private readonly renderers: Renderers;
  private readonly loading = new Map<ViewName, Promise<void>>();
  private readonly failed = new Set<ViewName>();

  constructor(
    base: ViewSet,
    private readonly root: () => ShadowRoot,
  ) {
    this.renderers = { ...base.renderers };
  }

  /** Starts loading `name`'s renderer; undefined when it can render now (or its chunk failed). */
  load(name: ViewName): Promise<void> | undefined {
    const load = LAZY[name];
    if (!load || this.renderers[name] || this.failed.has(name)) return undefined;
    let pending = this.loading.get(name);
    if (!pending) {
      pending = load().then(
        ({ views }) => {
          this.adopt(views.styles);
          Object.assign(this.renderers, views.renderers);
        },
        () => void this.failed.add(name),
      );
      this.loading.set(name, pending);
      void pending.finally(() => this.loading.delete(name));
    }
    return pending;
  }

  has(name: ViewName): boolean {
    return this.renderers[name] !== undefined;
  }

  /** Whether `name`'s chunk could not be loaded: the dialog shows its built-in message instead. */
  loadFailed(name: ViewName): boolean {
    return this.failed.has(name);
  }

  render(v: View, a: Actions, c: ViewContext): unknown {
    const render = this.renderers[v.name] as Renderer<ViewName> | undefined;
    return render?.(v, a, c);
  }

  private adopt(groups: ViewSet["styles"]): void {
    const root = this.root();
    const styles = groups.flat();
    if (supportsAdoptingStyleSheets) {
      const sheets = styles.map((s) => s.styleSheet).filter((s) => s !== undefined);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...sheets];
      return;
    }
    for (const s of styles) {
      const style = document.createElement("style");
      const nonce = (globalThis as { litNonce?: string }).litNonce;
      if (nonce !== undefined) style.setAttribute("nonce", nonce);
      style.textContent = s.cssText;
      root.appendChild(style);
    }
  }
}
