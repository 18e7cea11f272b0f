import { expect } from "@open-wc/testing";
import { FakeSession, type Script } from "../../test/helpers/fake-session.js";
import type { FlashStep, SerialPortLike } from "../core-types.js";
import { FlashController, type EraseMode } from "./controller.js";
import {
  buildMp,
  device8266,
  deviceSecured,
  manifest,
  plan,
  planInstalled,
  planSecured,
} from "./fixtures.js";
import type { View, ViewName } from "./view-state.js";

const port = {} as SerialPortLike;

function setup(script: Partial<Script> = {}, erase: EraseMode = "prompt", site = manifest) {
  const sessions: FakeSession[] = [];
  const saved: { name: string; data: Uint8Array }[] = [];
  const c = new FlashController(
    {
      createSession: (o) => {
        const s = new FakeSession(o, {
          device: device8266,
          builds: [buildMp],
          plan: structuredClone(plan),
          ...script,
        });
        sessions.push(s);
        return s;
      },
      loadManifest: async () => site,
      parseManifest: () => site,
      saveFile: (name, data) => {
        saved.push({ name, data });
      },
    },
    { manifest: "m.json", base: "https://example.test/", erase },
  );
  const seen: ViewName[] = [];
  c.subscribe((v) => {
    if (seen.at(-1) !== v.name) seen.push(v.name);
  });
  const until = (name: ViewName) =>
    new Promise<void>((resolve) => {
      if (c.view.name === name) return resolve();
      const off = c.subscribe((v) => {
        if (v.name === name) {
          off();
          resolve();
        }
      });
    });
  return { c, seen, sessions, until, saved };
}

describe("FlashController", () => {
  it("does not ask about erasing when the manifest says new_install_prompt_erase: false", async () => {
    const { c, seen, until } = setup({}, "prompt", {
      ...manifest,
      new_install_prompt_erase: false,
    });
    const run = c.start(port);
    await until("summary");
    expect(c.view.name === "summary" && c.view.askErase).to.equal(false);
    c.next();
    await run;
    expect(seen).to.deep.equal(["connecting", "summary", "progress", "verifying", "done"]);
  });

  it("when everything is already on the board: no erase question, nothing written, done as unchanged", async () => {
    const { c, seen, until, sessions } = setup({ plan: structuredClone(planInstalled) });
    const checking: boolean[] = [];
    c.subscribe((x) => {
      if (x.name === "verifying") checking.push(x.resetting);
    });
    const run = c.start(port);
    await until("summary");
    const v = c.view;
    expect(v.name === "summary" && [v.askErase, v.canErase, v.notes.length]).to.deep.equal([
      false,
      true,
      0,
    ]);
    c.next();
    await run;
    expect(seen).to.deep.equal(["connecting", "summary", "verifying", "done"]);
    expect(checking.every(Boolean), "says restarting, not checking what was written").to.equal(
      true,
    );
    expect(c.view.name === "done" && c.view.result.outcome).to.equal("unchanged");
    expect(sessions[0]!.wroteBytes).to.equal(0);
  });

  it("erases and writes everything again when asked to reinstall", async () => {
    const { c, seen, until, sessions } = setup({ plan: structuredClone(planInstalled) });
    const run = c.start(port);
    await until("summary");
    c.reinstall();
    expect(c.view).to.deep.include({ name: "erase", erase: true });
    c.install();
    await run;
    expect(seen).to.deep.equal(["connecting", "summary", "erase", "progress", "verifying", "done"]);
    expect(sessions[0]!.wroteBytes).to.equal(planInstalled.parts[0]!.size);
  });

  it('does not offer an erase when erase is "never"', async () => {
    const { c, until } = setup({ plan: structuredClone(planInstalled) }, "never");
    const run = c.start(port);
    await until("summary");
    c.reinstall();
    expect(c.view.name === "summary" && c.view.canErase).to.equal(false);
    c.next();
    await run;
  });

  it("does not offer an erase the chip's secure boot would refuse", async () => {
    const { c, seen, until } = setup({
      device: deviceSecured,
      builds: [planSecured.build],
      plan: planSecured,
    });
    const run = c.start(port);
    await until("summary");
    expect(c.view.name === "summary" && c.view.askErase).to.equal(false);
    c.next();
    await run;
    expect(seen).to.deep.equal(["connecting", "summary", "progress", "verifying", "done"]);
  });

  it("walks summary → erase → progress → verifying → done", async () => {
    const { c, seen, until, sessions } = setup();
    const run = c.start(port);
    await until("summary");
    expect(c.view.name === "summary" && c.view.notes[0]).to.deep.include({
      from: "1MB",
      to: "4MB",
    });
    c.next();
    c.setErase(true);
    c.install();
    await run;
    expect(seen).to.deep.equal(["connecting", "summary", "erase", "progress", "verifying", "done"]);
    expect(sessions[0]!.wroteBytes).to.equal(plan.totalBytes);
    expect(c.step).to.equal("done");
  });

  it("asks for a build when several fit, and skips the erase view unless prompting", async () => {
    const { c, seen, until } = setup({ builds: [buildMp, { ...buildMp, name: "other" }] }, "never");
    const run = c.start(port);
    await until("choose-build");
    c.chooseBuild(buildMp);
    await until("summary");
    c.next();
    await run;
    expect(seen).to.deep.equal([
      "connecting",
      "choose-build",
      "connecting",
      "summary",
      "progress",
      "verifying",
      "done",
    ]);
  });

  // Walk the flow with two builds and a prompted erase, cancelling at `at`.
  const cancelPoints = ["detecting", "choose-build", "summary", "erase", "writing"] as const;
  for (const at of cancelPoints) {
    it(`cancel at ${at} stops the session and closes (at writing: says what the flash holds)`, async () => {
      const { c, until, sessions } = setup({
        builds: [buildMp, buildMp],
        // The progress view offers Stop; the others Cancel.
        onStep: (s) => {
          if (s === at) at === "writing" ? c.stop() : c.cancel();
        },
      });
      const run = c.start(port);
      const stopHere = (name: string) => {
        if (at === name) {
          c.cancel();
          return true;
        }
        return false;
      };
      if (at !== "detecting") {
        await until("choose-build");
        if (!stopHere("choose-build")) {
          c.chooseBuild(buildMp);
          await until("summary");
          if (!stopHere("summary")) {
            c.next();
            await until("erase");
            if (!stopHere("erase")) c.install();
          }
        }
      }
      await run;
      if (at === "writing") {
        // The flash was being changed: the dialog stays to say what it holds now.
        expect(c.view.name).to.equal("error");
        const error = (c.view as View & { name: "error" }).error;
        expect(error.code).to.equal("aborted");
        expect(error.flash).to.deep.include({ condition: "changed" });
      } else expect(c.view).to.deep.equal({ name: "closed", reason: "cancelled" });
      expect(sessions[0]!.wroteBytes).to.be.below(plan.totalBytes);
    });
  }

  it("closing mid-write (Escape) ends on what the flash holds; the page removing it just closes", async () => {
    for (const how of ["close", "dispose"] as const) {
      const { c, until } = setup({ onStep: (s) => void (s === "writing" && c[how]()) }, "always");
      const stopping: boolean[] = [];
      c.subscribe((v) => v.name === "progress" && stopping.push(!!v.stopping));
      const run = c.start(port);
      await until("summary");
      c.next();
      await run;
      // While the session lets go of the port, the progress view says it is stopping.
      expect(stopping.at(-1)).to.equal(how === "close");
      if (how === "close") {
        expect(c.view.name).to.equal("error");
        expect((c.view as View & { name: "error" }).error.flash?.incomplete).to.deep.equal({
          name: plan.parts[0]!.name,
          offset: plan.parts[0]!.offset,
        });
        c.close();
        expect(c.view).to.deep.equal({ name: "closed", reason: "error" });
      } else expect(c.view).to.deep.equal({ name: "closed", reason: "cancelled" });
    }
  });

  it("reports an error with step, advice and copyable details, then retries", async () => {
    let failAt: FlashStep | undefined = "writing";
    const { c, until } = setup(
      {
        get failAt() {
          return failAt;
        },
      },
      "always",
    );
    const run = c.start(port);
    await until("summary");
    c.next();
    await run;
    const v = c.view;
    if (v.name !== "error") throw new Error(`expected error, got ${v.name}`);
    expect(v.error).to.include({ step: "writing", code: "test-failure", advice: "Try again." });
    expect(v.error.details).to.contain("test-failure (writing)");
    failAt = undefined;
    const again = c.retry();
    await until("summary");
    c.next();
    await again;
    expect(c.view.name).to.equal("done");
  });

  it("backs up before writing when the box is ticked, and saves the file named after chip, MAC and date", async () => {
    const { c, seen, until, saved } = setup();
    const steps: (FlashStep | undefined)[] = [];
    c.subscribe(() => {
      if (steps.at(-1) !== c.step) steps.push(c.step);
    });
    const run = c.start(port);
    await until("summary");
    c.next();
    await until("erase");
    c.setBackup(true);
    expect(c.view.name === "erase" && c.view.backup).to.equal(true);
    c.install();
    await run;
    expect(seen).to.deep.equal([
      "connecting",
      "summary",
      "erase",
      "backup",
      "progress",
      "verifying",
      "done",
    ]);
    expect(steps.indexOf("reading")).to.be.below(steps.indexOf("writing"));
    expect(saved.map((f) => f.name)).to.have.length(1);
    expect(saved[0]!.name).to.match(/^esp8266_5c-cf-7f-12-34-56_\d{4}-\d{2}-\d{2}\.bin$/);
    expect(saved[0]!.data).to.have.length(4096);
  });

  it("offers the backup on the summary when no erase question follows, and reads nothing when unticked", async () => {
    const ticked = setup({}, "never");
    let run = ticked.c.start(port);
    await ticked.until("summary");
    ticked.c.setBackup(true);
    ticked.c.next();
    await run;
    expect(ticked.seen).to.include("backup");
    expect(ticked.saved).to.have.length(1);

    const unticked = setup({}, "never");
    run = unticked.c.start(port);
    await unticked.until("summary");
    unticked.c.next();
    await run;
    expect(unticked.seen).to.not.include("backup");
    expect(unticked.saved).to.have.length(0);
  });

  it("keeps the backup choice for a Retry", async () => {
    const { c, until } = setup({ failAt: "writing" }, "never");
    const run = c.start(port);
    await until("summary");
    c.setBackup(true);
    c.next();
    await run;
    expect(c.view.name).to.equal("error");
    const again = c.retry();
    await until("summary");
    expect(c.view.name === "summary" && c.view.backup).to.equal(true);
    c.cancel();
    await again;
  });

  it("turns a manifest failure into an error view", async () => {
    const c = new FlashController(
      {
        createSession: () => {
          throw new Error("unreachable");
        },
        loadManifest: () =>
          Promise.reject(Object.assign(new Error("404"), { code: "download-http" })),
        parseManifest: () => manifest,
        saveFile: () => undefined,
      },
      { manifest: "m.json", base: "https://example.test/", erase: "prompt" },
    );
    await c.start(port);
    expect(c.view.name === "error" && c.view.error.code).to.equal("download-http");
  });
});
