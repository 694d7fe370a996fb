// What every end-to-end test needs: a real S3 server (the sandbox script's SeaweedFS), the
// built app under tauri-driver + WebKitWebDriver, and screenshots of the real window.
// .ci/test.sh runs these under Xvfb inside a D-Bus session with a real gnome-keyring.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
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
    stop: () => child.kill("SIGTERM"),
  };
}

/** The aws cli against `s3`: the peer tool that prepares and checks state independently. */
export function aws(s3, ...args) {
  return execFileSync(path.join(root, ".venv/bin/aws"), ["--endpoint-url", s3.endpoint, ...args], {
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: s3.accessKey,
      AWS_SECRET_ACCESS_KEY: s3.secretKey,
      AWS_DEFAULT_REGION: "us-east-1",
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
  const driverPath = process.env.TAURI_DRIVER ?? "tauri-driver";
  const driver = spawn(driverPath, ["--port", "4444", "--native-port", "4445"], {
    env: { ...process.env, ...env, S3DESK_CONFIG_DIR: configDir },
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
  };
  return { browser, configDir, close };
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
