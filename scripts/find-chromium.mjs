// Finds a Chromium for the browser tests; on Debian/Ubuntu as root it installs Debian's.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

/** How every test and bench run starts it: headless as root, without its own network chatter. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

const CANDIDATES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

function which(name) {
  const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function isDebianLike() {
  if (!existsSync("/etc/os-release")) return false;
  return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(readFileSync("/etc/os-release", "utf8"));
}

/** Debian packages the elements' screenshot baselines were taken with (UI, terminal and CJK fonts). */
const FONT_PACKAGES = ["fonts-dejavu-core", "fonts-liberation", "fonts-noto-cjk"];

function missingPackages(names) {
  return names.filter((name) => spawnSync("dpkg", ["-s", name], { stdio: "ignore" }).status !== 0);
}

/**
 * The screenshot tests compare pixels, so they need the fonts the baselines were taken with; on
 * Debian/Ubuntu as root this installs them with apt-get, elsewhere it says what is missing.
 */
export function ensureFonts() {
  if (!isDebianLike() || !which("dpkg")) {
    console.warn(
      `Screenshot tests expect the fonts of Debian's ${FONT_PACKAGES.join(", ")}; other fonts make them fail.`,
    );
    return;
  }
  const missing = missingPackages(FONT_PACKAGES);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.warn(
      `Screenshot tests need ${missing.join(", ")}: sudo apt-get install ${missing.join(" ")}`,
    );
    return;
  }
  console.log(
    `Installing ${missing.join(", ")} with apt-get (fonts the screenshot baselines were taken with)…`,
  );
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

export function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const name of CANDIDATES) {
    const path = which(name);
    if (path) return path;
  }
  if (process.getuid?.() === 0 && isDebianLike()) {
    console.log(
      "No Chromium found: installing Debian's chromium with apt-get (needed for the browser tests)…",
    );
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    const path = which("chromium");
    if (path) return path;
  }
  throw new Error(
    "The browser tests need Chromium or Google Chrome. Install one (Debian/Ubuntu: `sudo apt-get install chromium`), " +
      "or set CHROME_PATH to its executable, then run `pnpm test` again.",
  );
}
