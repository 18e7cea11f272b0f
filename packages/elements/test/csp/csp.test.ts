import { expect } from "@open-wc/testing";

describe("strict CSP page", () => {
  it("installs (after a backup download) and opens the console with script-src and style-src 'self' and enforced Trusted Types, with no violations", async () => {
    const frame = document.createElement("iframe");
    frame.src = new URL("./page.html", import.meta.url).href;
    document.body.appendChild(frame);
    await new Promise((r) => frame.addEventListener("load", r, { once: true }));
    const win = frame.contentWindow as Window & { cspResult?: Promise<object> };
    for (let i = 0; i < 100 && !win.cspResult; i++) await new Promise((r) => setTimeout(r, 50));
    const result = await win.cspResult!;
    expect(result).to.deep.equal({ bootOk: true, hostileAsText: true, backupOk: true, terminalFont: true, enforced: true, violations: [] });
    frame.remove();
  });
});
