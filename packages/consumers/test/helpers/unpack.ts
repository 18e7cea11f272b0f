import { list } from "tar";

/** The files of an npm tarball, by path ("package/…"). */
export function unpack(file: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  list({
    file,
    sync: true,
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on("data", (chunk: Buffer) => chunks.push(chunk));
      entry.on("end", () => files.set(entry.path, Buffer.concat(chunks)));
    },
  });
  return files;
}
