// Sync in the real app against SeaweedFS: a folder dropped (a real OS drop) on the sync
// dialog goes up whole; three of its files changed on disk, the next preview lists exactly
// those three, and after the run the aws cli reads their new bytes.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { aws, byRole, controls, dragFilesOnto, openApp, screenshot, startS3, textOf } from "./harness.js";

let s3;
let app;
let ui;
let dir;
const names = ["a.txt", "b.txt", "c.txt", "notes/d.txt", "notes/e.txt", "notes/deep/f.txt"];

before(async () => {
  s3 = await startS3();
  aws(s3, "s3", "mb", "s3://e2e-sync");
  dir = path.join(mkdtempSync(path.join(tmpdir(), "s3desk-e2e-sync-")), "project");
  for (const name of names) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), `first ${name}\n`);
  }
  app = await openApp(s3.env);
  ui = controls(app.browser);
  await (await app.browser.$("nav").$("button*=Local sandbox")).click();
  await (await ui.byLabel("e2e-sync")).click();
  await app.browser.$('[role=listbox][aria-label="Objects in e2e-sync/"]').waitForDisplayed({ timeout: 20000 });
});

after(async () => {
  await app?.close();
  s3?.stop();
  rmSync(path.dirname(dir), { recursive: true, force: true });
});

/** Opens the sync dialog, drops the folder on it, and previews. */
async function preview() {
  await (await byRole(app.browser, "button", "Sync folder…")).click();
  const dialog = await byRole(app.browser, "dialog", /^Sync e2e-sync\//);
  await dragFilesOnto(640, 400, [dir]);
  const folder = await byRole(app.browser, "textbox", "Folder", { scope: dialog });
  await app.browser.waitUntil(async () => (await folder.getValue()) === dir, {
    timeout: 20000,
    timeoutMsg: "the dropped folder is the one to sync",
  });
  await (await byRole(app.browser, "button", "Preview", { scope: dialog })).click();
  const summary = await byRole(app.browser, "status", /\bnew, \d+ changed\b/, { scope: dialog });
  return { dialog, summary: await textOf(app.browser, summary) };
}

/** The names in the preview's table, each with what becomes of it. */
async function previewRows(dialog) {
  const table = await byRole(app.browser, "table", "Sync preview", { scope: dialog });
  return app.browser.execute(
    (t) => [...t.querySelectorAll("tbody tr")].map((r) => [r.children[0].textContent.trim(), r.children[1].textContent.trim()]),
    table,
  );
}

async function runAndWait(dialog, expected) {
  await (await byRole(app.browser, "button", "Sync", { scope: dialog })).click();
  await byRole(app.browser, "status", new RegExp(`^Sync done: ${expected} files? sent`), { timeout: 60000 });
}

const stored = (key) => aws(s3, "s3", "cp", `s3://e2e-sync/${key}`, "-").toString();

test("a dropped folder is previewed and synced up whole, checked with the aws cli", async () => {
  const { dialog, summary } = await preview();
  assert.match(summary, /^6 new, 0 changed: \d+ B to upload; 0 the same\./);
  assert.deepEqual(await previewRows(dialog), names.slice().sort().map((n) => ["new", n]));
  await runAndWait(dialog, 6);
  const keys = (JSON.parse(aws(s3, "s3api", "list-objects-v2", "--bucket", "e2e-sync")).Contents ?? []).map((o) => o.Key).sort();
  assert.deepEqual(keys, names.slice().sort());
});

test("three files changed on disk: the preview lists exactly those three, and the run sends them", async () => {
  const changed = ["b.txt", "notes/e.txt", "notes/deep/f.txt"];
  for (const name of changed) writeFileSync(path.join(dir, name), `second, longer ${name}\n`);
  const { dialog, summary } = await preview();
  assert.match(summary, /^0 new, 3 changed: \d+ B to upload; 3 the same\./);
  assert.deepEqual(await previewRows(dialog), changed.slice().sort().map((n) => ["changed", n]));
  await screenshot(app.browser, "sync-preview");
  await runAndWait(dialog, 3);
  for (const name of changed) assert.equal(stored(name), `second, longer ${name}\n`);
  assert.equal(stored("a.txt"), "first a.txt\n", "what did not change was left alone");
});
