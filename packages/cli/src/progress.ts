import { MultiBar, Presets, type SingleBar } from "cli-progress";

/** One board's progress: a bar on a terminal, a plain line every 10 % otherwise, nothing with --json. */
export interface BoardProgress {
  update(label: string, done: number, total: number): void;
  line(text: string): void;
  stop(): void;
}

export interface ProgressView {
  board(name: string): BoardProgress;
  /** Prints a line above the bars (or plainly). */
  line(text: string): void;
  stop(): void;
}

export function createProgressView(
  mode: "tty" | "plain" | "silent",
  stream: NodeJS.WriteStream = process.stderr,
): ProgressView {
  if (mode === "silent") {
    const none: BoardProgress = {
      update: () => undefined,
      line: () => undefined,
      stop: () => undefined,
    };
    return { board: () => none, line: () => undefined, stop: () => undefined };
  }
  if (mode === "plain") return plainView(stream);
  return barView(stream);
}

function plainView(stream: NodeJS.WriteStream): ProgressView {
  const write = (text: string) => stream.write(`${text}\n`);
  return {
    line: write,
    stop: () => undefined,
    board: (name) => {
      let lastLabel = "";
      let lastTenth = -1;
      return {
        update: (label, done, total) => {
          const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
          if (label === lastLabel && tenth === lastTenth) return;
          lastLabel = label;
          lastTenth = tenth;
          write(`${name}: ${label} ${tenth * 10}%`);
        },
        line: (text) => write(`${name}: ${text}`),
        stop: () => undefined,
      };
    },
  };
}

function barView(stream: NodeJS.WriteStream): ProgressView {
  const multi = new MultiBar(
    {
      stream,
      format: " {name} |{bar}| {percentage}% {label}",
      hideCursor: true,
      clearOnComplete: false,
      autopadding: true,
      barsize: 30,
    },
    Presets.shades_classic,
  );
  const width = { name: 0 };
  return {
    line: (text) => multi.log(`${text}\n`),
    stop: () => multi.stop(),
    board: (name) => {
      width.name = Math.max(width.name, name.length);
      let bar: SingleBar | undefined;
      return {
        update: (label, done, total) => {
          const payload = { name: name.padEnd(width.name), label };
          if (!bar) bar = multi.create(Math.max(total, 1), done, payload);
          else {
            bar.setTotal(Math.max(total, 1));
            bar.update(done, payload);
          }
        },
        line: (text) => multi.log(`${name}: ${text}\n`),
        stop: () => bar?.stop(),
      };
    },
  };
}
