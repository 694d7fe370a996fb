// What every end-to-end test needs: a real S3 server (the sandbox script's SeaweedFS), the
// built app under tauri-driver + WebKitWebDriver, and screenshots of the real window.
// .ci/test.sh runs these under Xvfb inside a D-Bus session with a real gnome-keyring.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import readline from "node:readline";
import { remote } from "webdriverio";

export const root = path.resolve(import.meta.dirname, "../..");
export const shots = path.join(root, "target/e2e");
const appBinary = path.join(root, "target/debug/s3-desk");

/** Starts .ci/sandbox.sh in a fresh folder; resolves to its endpoint, keys and a stop(). */
export async function startS3() {
  const dir = mkdtempSync(path.join(tmpdir(), "s3desk-e2e-s3-"));
  const child = spawn(path.join(root, ".ci/sandbox.sh"), [dir], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = readline.createInterface({ input: child.stdout });
  const values = {};
  for await (const line of lines) {
    const [name, ...rest] = line.split("=");
    values[name] = rest.join("=");
    if (Object.keys(values).length === 3) break;
  }
  return {
    endpoint: values.S3DESK_SANDBOX_ENDPOINT,
    accessKey: values.S3DESK_SANDBOX_ACCESS_KEY_ID,
    secretKey: values.S3DESK_SANDBOX_SECRET_ACCESS_KEY,
    env: values,
    // The server's data (GBs after a large upload) goes with it.
    stop: () => {
      child.once("exit", () => rmSync(dir, { recursive: true, force: true }));
      child.kill("SIGTERM");
    },
  };
}

/** Starts moto (S3's control plane: regions, Object Lock, versioning) on a free port. */
export async function startMoto() {
  const port = await freePort();
  const child = spawn(path.join(root, ".venv/bin/moto_server"), ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "ignore"],
  });
  await waitForPort(port);
  const endpoint = `http://127.0.0.1:${port}`;
  // moto accepts any keys; these are AWS's documented example keys.
  const accessKey = "AKIAIOSFODNN7EXAMPLE";
  const secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  return {
    endpoint,
    accessKey,
    secretKey,
    // Offered to the app as its sandbox connection.
    env: {
      S3DESK_SANDBOX_ENDPOINT: endpoint,
      S3DESK_SANDBOX_ACCESS_KEY_ID: accessKey,
      S3DESK_SANDBOX_SECRET_ACCESS_KEY: secretKey,
    },
    stop: () => child.kill("SIGTERM"),
  };
}

async function freePort() {
  const { createServer } = await import("node:net");
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The aws cli against `s3`: the peer tool that prepares and checks state independently. */
export function aws(s3, ...args) {
  return awsIn(s3, "us-east-1", ...args);
}

/** The same, signing for `region`. */
export function awsIn(s3, region, ...args) {
  return execFileSync(path.join(root, ".venv/bin/aws"), ["--endpoint-url", s3.endpoint, ...args], {
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: s3.accessKey,
      AWS_SECRET_ACCESS_KEY: s3.secretKey,
      AWS_DEFAULT_REGION: region,
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    },
    encoding: "utf8",
  });
}

/**
 * Starts tauri-driver and opens the app with `env` (a fresh config folder is added), then
 * resolves to the WebDriver session and the config folder.
 */
export async function openApp(env = {}) {
  const configDir = mkdtempSync(path.join(tmpdir(), "s3desk-e2e-config-"));
  const dataDir = mkdtempSync(path.join(tmpdir(), "s3desk-e2e-data-"));
  const driverPath = process.env.TAURI_DRIVER ?? "tauri-driver";
  const driver = spawn(driverPath, ["--port", "4444", "--native-port", "4445"], {
    env: { ...process.env, ...env, S3DESK_CONFIG_DIR: configDir, S3DESK_DATA_DIR: dataDir },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitForPort(4444);
  const browser = await remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "warn",
    capabilities: {
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: appBinary },
    },
  });
  const close = async () => {
    await browser.deleteSession().catch(() => {});
    driver.kill("SIGTERM");
    // An app that outlives its session (seen once: still sleeping minutes later) keeps the
    // test runner from exiting, and the suite would sit out its time limit: end it.
    killProcessesWith(`S3DESK_CONFIG_DIR=${configDir}`);
  };
  return { browser, configDir, dataDir, close };
}

/** Kills every process whose environment holds `entry` (NAME=VALUE), as seen in /proc. */
function killProcessesWith(entry) {
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let environ;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, "utf8");
    } catch {
      continue;
    }
    if (environ.split("\0").includes(entry)) {
      try {
        process.kill(Number(pid), "SIGKILL");
      } catch {
        // Gone already.
      }
    }
  }
}

async function waitForPort(port) {
  const { createConnection } = await import("node:net");
  for (let i = 0; i < 100; i++) {
    const open = await new Promise((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on port ${port}`);
}

/** Finds controls as a person would: by their accessible name (label, aria-label or text). */
export function controls(browser) {
  const byLabel = (name) => browser.$(`aria/${name}`);
  // Inside the open dialog only: the page behind it may have a control of the same name.
  const inDialog = (name) => browser.$("dialog[open]").$(`aria/${name}`);
  async function fill(fields) {
    for (const [label, value] of Object.entries(fields)) {
      const input = await inDialog(label);
      await input.clearValue();
      await input.setValue(value);
    }
  }
  // wdio's aria/ selector does not name <select>s: find one through its <label for>, and
  // pick the option by typing its text, as a keyboard user would (WebKitWebDriver cannot
  // click an <option>).
  async function choose(label, optionText) {
    const labelElement = await browser.$("dialog[open]").$(`label=${label}`);
    const select = await browser.$(`#${await labelElement.getAttribute("for")}`);
    await select.addValue(optionText);
  }
  return { byLabel, inDialog, fill, choose };
}

/**
 * The element of `role` whose accessible name is `name` (a string, matched whole, or a
 * RegExp), inside `scope` (an element; the whole page when left out), waited for up to
 * `timeout` ms: how a person, or a screen reader, finds a control. The name is worked out in
 * the page as the accessibility tree does for these roles: aria-labelledby, aria-label, a
 * <label> for form fields, else the text shown. Live regions (status, alert) have no name
 * of their own: theirs is what they say.
 */
export async function byRole(browser, role, name, { scope = null, timeout = 20000 } = {}) {
  const pattern = name instanceof RegExp ? { source: name.source, flags: name.flags } : { exact: name };
  scope = await scope;
  let found = null;
  await browser.waitUntil(
    async () => {
      found = await browser.execute(findByRole, role, pattern, scope);
      return found !== null;
    },
    { timeout, timeoutMsg: `no ${role} named ${name} ${scope ? "in its scope" : "on the page"}` },
  );
  return browser.$(found);
}

// Runs in the page: the first element of `role` whose accessible name matches.
function findByRole(role, pattern, scope) {
  const implicit = {
    button: "button, input[type=submit], input[type=button]",
    dialog: "dialog[open]",
    textbox: "textarea, input:not([type]), input[type=text], input[type=url], input[type=search], input[type=number], input[type=password]",
    link: "a[href]",
    checkbox: "input[type=checkbox]",
    list: "ul, ol",
    heading: "h1, h2, h3, h4",
    region: "section[aria-label], section[aria-labelledby]",
    table: "table",
    row: "tr",
  };
  const selector = `[role="${role}"]${implicit[role] ? `, ${implicit[role]}` : ""}`;
  const text = (e) => (e.innerText ?? e.textContent ?? "").replace(/\s+/g, " ").trim();
  const nameOf = (e) => {
    const labelledBy = e.getAttribute("aria-labelledby");
    if (labelledBy) return labelledBy.split(/\s+/).map((id) => text(document.getElementById(id) ?? e)).join(" ");
    if (e.getAttribute("aria-label")) return e.getAttribute("aria-label").trim();
    if (e.labels && e.labels.length > 0) return text(e.labels[0]);
    if (e.tagName === "INPUT") return (e.value ?? "").trim();
    return text(e);
  };
  const matches = (value) =>
    pattern.exact !== undefined ? value === pattern.exact : new RegExp(pattern.source, pattern.flags).test(value);
  for (const e of (scope ?? document).querySelectorAll(selector)) {
    if (e.closest("[hidden], [inert]")) continue;
    if (matches(nameOf(e))) return e;
  }
  return null;
}

/** The accessible description of `element`: the text of what its aria-describedby names,
 * as a screen reader reads it after the field's name (a field's error, its help). */
export function descriptionOf(browser, element) {
  return browser.execute(
    (e) =>
      (e.getAttribute("aria-describedby") ?? "")
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent.trim() ?? "")
        .join(" "),
    element,
  );
}

/** What an element shows, as the page renders it (WebKitWebDriver's getText comes back
 * empty for absolutely positioned rows, which the virtual list uses). */
export function textOf(browser, element) {
  return browser.execute((e) => e.innerText, element);
}

/**
 * Saves the whole X screen (the real window) as target/e2e/NAME.png, once the webview has
 * painted what the test just checked.
 */
export async function screenshot(browser, name) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await new Promise((resolve) => setTimeout(resolve, 250));
  mkdirSync(shots, { recursive: true });
  const file = path.join(shots, `${name}.png`);
  execFileSync("import", ["-window", "root", file]);
  return file;
}

/** The items the real Secret Service holds for `service`, read with libsecret's secret-tool. */
export function keychainItems(service) {
  // secret-tool prints the attributes of each item on stderr.
  const { stderr } = spawnSync("secret-tool", ["search", "--all", "service", service], { encoding: "utf8" });
  return stderr.split("\n").filter((l) => l.startsWith("attribute.username"));
}

/**
 * Drags `paths` from a GTK drag source (as a file manager would offer them) onto the app
 * window at (x, y) of the screen, with real pointer events: the app gets an OS drop.
 */
export async function dragFilesOnto(x, y, paths) {
  const source = spawn("/usr/bin/python3", [path.join(root, "tests/e2e/drag_source.py"), "1080", "620", ...paths], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    for await (const line of readline.createInterface({ input: source.stdout })) if (line === "ready") break;
    const xdotool = (...args) => execFileSync("xdotool", args.map(String));
    const pause = (ms) => new Promise((r) => setTimeout(r, ms));
    xdotool("mousemove", 1160, 680);
    await pause(200);
    xdotool("mousedown", 1);
    // GTK starts a drag after a few pixels of motion; then cross to the target in steps.
    for (let i = 1; i <= 10; i++) {
      xdotool("mousemove", 1160 + ((x - 1160) * i) / 10, 680 + ((y - 680) * i) / 10);
      await pause(60);
    }
    await pause(300);
    xdotool("mouseup", 1);
    await pause(500);
  } finally {
    source.kill("SIGTERM");
  }
}
