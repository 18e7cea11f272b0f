// ESP Web Tools' erase rule (the button without an `erase` attribute), through the controller.
import { expect } from "@open-wc/testing";
import { FakeSession } from "../../test/helpers/fake-session.js";
import type { Manifest, SerialPortLike } from "../core-types.js";
import { FlashController, type EraseMode, type InstallIntent } from "./controller.js";
import { buildMp, device8266, manifest, plan } from "./fixtures.js";
import type { ViewName } from "./view-state.js";

const port = {} as SerialPortLike;

async function install(
  o: { erase?: EraseMode; site?: Partial<Manifest>; intent?: InstallIntent; tick?: boolean } = {},
) {
  const sessions: FakeSession[] = [];
  const site = { ...manifest, builds: [buildMp], ...o.site };
  const c = new FlashController(
    {
      createSession: (opts) => {
        const s = new FakeSession(opts, { device: device8266, builds: [buildMp], plan });
        sessions.push(s);
        return s;
      },
      loadManifest: async () => site,
      parseManifest: () => site,
      saveFile: () => undefined,
    },
    { manifest: "m.json", base: "https://example.test/", erase: o.erase ?? "auto" },
  );
  const seen: ViewName[] = [];
  const steps = new Set<string | undefined>();
  c.subscribe((v) => {
    steps.add(c.step);
    if (seen.at(-1) !== v.name) seen.push(v.name);
    if (v.name === "summary") queueMicrotask(() => c.next());
    if (v.name === "erase")
      queueMicrotask(() => {
        if (o.tick) c.setErase(true);
        c.install();
      });
  });
  await c.start(port, o.intent);
  const s = sessions[0]!;
  return { seen, sessionErase: s.options.erase, erased: steps.has("erasing") };
}

describe("erase without an erase attribute (ESP Web Tools' rule)", () => {
  it("a new install erases without asking when the manifest says nothing", async () => {
    const r = await install();
    expect(r.sessionErase).to.equal(true);
    expect(r.erased).to.equal(true);
    expect(r.seen).not.to.include("erase");
  });

  it("a new install erases without asking with new_install_prompt_erase: false", async () => {
    const r = await install({ site: { new_install_prompt_erase: false } });
    expect(r.sessionErase).to.equal(true);
    expect(r.seen).not.to.include("erase");
  });

  it("asks (unticked) with new_install_prompt_erase: true, and does what the person ticks", async () => {
    const kept = await install({ site: { new_install_prompt_erase: true } });
    expect(kept.seen).to.include("erase");
    expect(kept.sessionErase).to.equal(undefined);
    expect(kept.erased).to.equal(false);
    const erased = await install({ site: { new_install_prompt_erase: true }, tick: true });
    expect(erased.seen).to.include("erase");
    expect(erased.erased).to.equal(true);
  });

  it("an update of the same firmware does not erase; Erase user data does", async () => {
    expect((await install({ intent: { update: true } })).sessionErase).to.equal(false);
    expect(
      (await install({ intent: { update: true }, site: { new_install_prompt_erase: true } })).seen,
    ).not.to.include("erase");
    expect((await install({ intent: { update: true, erase: true } })).sessionErase).to.equal(true);
  });

  it("an explicit erase attribute still wins", async () => {
    expect((await install({ erase: "never" })).sessionErase).to.equal(false);
    expect((await install({ erase: "always", intent: { update: true } })).sessionErase).to.equal(
      true,
    );
    const prompt = await install({ erase: "prompt", site: { new_install_prompt_erase: false } });
    expect(prompt.seen).not.to.include("erase");
    expect(prompt.sessionErase).to.equal(undefined);
  });
});
