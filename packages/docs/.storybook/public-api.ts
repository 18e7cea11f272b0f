// Autodocs show what a page author can use: private and protected members, and `#private`
// ones, are implementation, so they are dropped from the manifest Storybook reads.
type Member = { name: string; privacy?: string };
type Declaration = { members?: Member[] };
type Manifest = { modules: { declarations?: Declaration[] }[] };

export function publicApi<T extends Manifest>(manifest: T): T {
  const isPublic = (m: Member) => (m.privacy ?? "public") === "public" && !m.name.startsWith("#");
  return {
    ...manifest,
    modules: manifest.modules.map((mod) => ({
      ...mod,
      declarations: mod.declarations?.map((d) =>
        d.members ? { ...d, members: d.members.filter(isPublic) } : d,
      ),
    })),
  };
}
