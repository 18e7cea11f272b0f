import { expect } from "@open-wc/testing";

interface Prepared {
  pageDeflates: number;
  workerReplies: Record<string, number>;
  parts: number;
  log: string[];
}
type CspResult = { prepared: Prepared; violations: string[] } & Record<string, unknown>;

/** Runs csp-page.ts inside `page` (an iframe, so the page's own policy applies) and returns what it saw. */
async function runPage(page: string): Promise<CspResult> {
  const frame = document.createElement("iframe");
  frame.src = new URL(page, import.meta.url).href;
  document.body.appendChild(frame);
  await new Promise((r) => frame.addEventListener("load", r, { once: true }));
  const win = frame.contentWindow as Window & { cspResult?: Promise<CspResult> };
  for (let i = 0; i < 100 && !win.cspResult; i++) await new Promise((r) => setTimeout(r, 50));
  const result = await win.cspResult!;
  frame.remove();
  return result;
}

describe("strict CSP page", function () {
  // Each test runs a whole install with a backup in an iframe.
  this.timeout(300_000);
  it("installs (after a backup download) and opens the console with script-src, style-src and worker-src 'self' and enforced Trusted Types, with no violations; the images are prepared in the worker", async () => {
    const { prepared, ...result } = await runPage("./page.html");
    expect(result).to.deep.equal({
      bootOk: true,
      hostileAsText: true,
      backupOk: true,
      terminalFont: true,
      enforced: true,
      violations: [],
    });
    // The worker started, sent back every part patched and then deflated; this thread deflated nothing.
    expect(prepared.workerReplies).to.deep.equal({
      ready: 1,
      image: prepared.parts,
      deflated: prepared.parts,
    });
    expect(prepared.pageDeflates).to.equal(0);
    expect(prepared.log).to.deep.equal([
      "Preparing images (patch, MD5, compression) in a Web Worker.",
    ]);
  });

  it("with worker-src 'none', prepares the images on the page, says so, and installs all the same", async () => {
    const { prepared, violations, ...result } = await runPage("./worker-blocked.html");
    expect(result).to.deep.equal({
      bootOk: true,
      hostileAsText: true,
      backupOk: true,
      terminalFont: true,
      enforced: true,
    });
    // Reported once per policy (the header and the meta tag): workers only.
    expect([...new Set(violations.map((v) => v.split(":")[0]))]).to.deep.equal(["worker-src"]);
    expect(prepared.workerReplies).to.deep.equal({});
    expect(prepared.pageDeflates).to.be.greaterThan(0);
    expect(prepared.log).to.have.length(1);
    expect(prepared.log[0]).to.match(
      /^Preparing images on the page: the Web Worker did not start \(.+\)\.$/,
    );
  });
});
