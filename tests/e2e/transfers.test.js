// Transfers in the real app against SeaweedFS: a file and a folder dragged from a real GTK
// drag source onto the window (a real OS drop), uploaded into the open folder and checked
// with the aws cli; a large upload screenshotted mid-way, then checked byte for byte; a folder of
// 10 000 files dropped at once, the window's frame times measured while they go up.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomFillSync } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { aws, byRole, controls, dragFilesOnto, openApp, screenshot, startS3, textOf } from "./harness.js";

let s3;
let app;
let ui;
let dir;

before(async () => {
  s3 = await startS3();
  aws(s3, "s3", "mb", "s3://e2e-transfers");
  aws(s3, "s3api", "put-object", "--bucket", "e2e-transfers", "--key", "inbox/");
  dir = mkdtempSync(path.join(tmpdir(), "s3desk-e2e-files-"));
  writeFileSync(path.join(dir, "hello world.txt"), "hello from the desktop\n");
  mkdirSync(path.join(dir, "photos/2024"), { recursive: true });
  writeFileSync(path.join(dir, "photos/a.jpg"), "a");
  writeFileSync(path.join(dir, "photos/2024/ü b.jpg"), "b");
  // Large enough to be seen mid-way: it goes in parts of 16 MiB.
  const big = Buffer.alloc(600 * 1024 * 1024);
  randomFillSync(big);
  writeFileSync(path.join(dir, "model.bin"), big);
  mkdirSync(path.join(dir, "many"));
  for (let i = 0; i < 10000; i++) writeFileSync(path.join(dir, "many", `file-${String(i).padStart(5, "0")}.txt`), `${i}\n`);

  app = await openApp(s3.env);
  ui = controls(app.browser);
  await (await app.browser.$("nav").$("button*=Local sandbox")).click();
  await (await ui.byLabel("e2e-transfers")).click();
  const root = await app.browser.$('[role=listbox][aria-label="Objects in e2e-transfers/"]');
  await root.waitForDisplayed({ timeout: 20000 });
  await app.browser.waitUntil(async () => (await textOf(app.browser, root)).includes("inbox/"));
  await (await byRole(app.browser, "option", "inbox/", { scope: root })).doubleClick();
  await app.browser.$('[role=listbox][aria-label="Objects in e2e-transfers/inbox/"]').waitForDisplayed({ timeout: 20000 });
});

after(async () => {
  await app?.close();
  s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Waits until the transfers panel shows `name` as done. */
async function done(name, timeout = 60000) {
  const row = await app.browser.$(`[role=listitem][aria-label$=" of ${name}"]`);
  await row.waitForExist({ timeout });
  await app.browser.waitUntil(async () => (await row.getAttribute("data-state")) === "done", {
    timeout,
    timeoutMsg: `${name} finished uploading`,
  });
}

const keys = () =>
  (JSON.parse(aws(s3, "s3api", "list-objects-v2", "--bucket", "e2e-transfers", "--prefix", "inbox/")).Contents ?? [])
    .map((o) => o.Key)
    .sort();

test("a file and a folder dropped from the desktop go into the open folder", async () => {
  await dragFilesOnto(500, 420, [path.join(dir, "hello world.txt")]);
  await done("hello world.txt");
  await dragFilesOnto(500, 420, [path.join(dir, "photos")]);
  await done("a.jpg");
  await done("ü b.jpg");
  assert.deepEqual(keys(), ["inbox/", "inbox/hello world.txt", "inbox/photos/2024/ü b.jpg", "inbox/photos/a.jpg"]);
  const body = aws(s3, "s3", "cp", "s3://e2e-transfers/inbox/hello world.txt", "-");
  assert.equal(body, "hello from the desktop\n");
  await screenshot(app.browser, "transfers-dropped");
});

test("a large upload shows its progress, then arrives byte for byte", async () => {
  await dragFilesOnto(500, 420, [path.join(dir, "model.bin")]);
  const row = await app.browser.$('[role=listitem][aria-label="Upload of model.bin"]');
  await row.waitForExist({ timeout: 20000 });
  await app.browser.waitUntil(async () => /MiB of/.test(await textOf(app.browser, row)), { timeout: 30000, interval: 50 });
  await screenshot(app.browser, "transfers-mid-upload");
  await done("model.bin", 300000);
  assert.match(await textOf(app.browser, row), /Done, 600 MiB \(38 parts\)/);

  const back = path.join(dir, "model.back");
  aws(s3, "s3", "cp", "--only-show-errors", "s3://e2e-transfers/inbox/model.bin", back);
  const digest = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");
  assert.equal(digest(back), digest(path.join(dir, "model.bin")));
});

test("a folder of 10 000 files goes up while the window keeps drawing: no frame of a second, progress redrawn", async () => {
  const clear = await app.browser.$("button=Clear finished");
  if (await clear.isExisting()) await clear.click();
  await dragFilesOnto(500, 420, [path.join(dir, "many")]);
  const panel = await byRole(app.browser, "region", "Transfers");
  const summary = await byRole(app.browser, "status", / of \d+ files/, { scope: panel, timeout: 60000 });
  await app.browser.waitUntil(async () => / of 10000 files/.test(await textOf(app.browser, summary)), {
    timeout: 60000,
    timeoutMsg: "the 10 000 files are queued",
  });
  // Every frame's duration over 240 frames while the batch runs and its events arrive.
  const before = await textOf(app.browser, summary);
  const frames = await app.browser.executeAsync((done) => {
    const durations = [];
    let last = performance.now();
    function frame(now) {
      durations.push(now - last);
      last = now;
      if (durations.length <= 240) requestAnimationFrame(frame);
      else done(durations.slice(1));
    }
    requestAnimationFrame(frame);
  });
  const after = await textOf(app.browser, summary);
  await screenshot(app.browser, "transfers-10000-files");
  // The figures are for the closing note; what is asserted is only that the window never
  // froze (a frame of a second or more) and redrew the progress meanwhile.
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
  console.log(`uploading 10 000 files: ${frames.length} frames; median ${at(0.5)} ms, p95 ${at(0.95)} ms, longest ${at(1)} ms`);
  console.log(`  measured from "${before}" to "${after}"`);
  assert.doesNotMatch(before, /^10000 of/, "measured while the batch runs");
  assert.ok(Math.max(...frames) < 1000, `the window never froze: longest frame ${at(1)} ms`);
  assert.notEqual(after, before, "the progress was redrawn while the frames were counted");

  await app.browser.waitUntil(async () => /^10000 of 10000 files/.test(await textOf(app.browser, summary)), {
    timeout: 600000,
    interval: 1000,
    timeoutMsg: "all 10 000 files are done",
  });
  const listed = aws(s3, "s3", "ls", "--recursive", "s3://e2e-transfers/inbox/many/").trim().split("\n");
  assert.equal(listed.length, 10000);
  assert.match(listed.at(-1), /inbox\/many\/file-09999\.txt$/);
});

test("a queued file cancelled in the window is never uploaded: the 150th of 200", async () => {
  const clear = await app.browser.$("button=Clear finished");
  if (await clear.isExisting()) await clear.click();
  // One request at a time, and four 300 MiB files first (sparse: quick to make, and read as
  // zeros): the small files wait their turn behind them while the test scrolls and cancels.
  await (await app.browser.$("button=Settings…")).click();
  await ui.fill({ "Requests at once": "1" });
  await (await ui.inDialog("Save")).click();
  const queue = path.join(dir, "queue");
  mkdirSync(queue);
  for (let i = 0; i < 4; i++) {
    writeFileSync(path.join(queue, `a-big-${i}.bin`), "");
    truncateSync(path.join(queue, `a-big-${i}.bin`), 300 * 1024 * 1024);
  }
  for (let i = 0; i < 196; i++) writeFileSync(path.join(queue, `b-small-${String(i).padStart(3, "0")}.txt`), `${i}\n`);
  await dragFilesOnto(500, 420, [queue]);

  const summary = await byRole(app.browser, "status", / of \d+ files/, { scope: await byRole(app.browser, "region", "Transfers") });
  await app.browser.waitUntil(async () => / of 200 files/.test(await textOf(app.browser, summary)), {
    timeout: 60000,
    timeoutMsg: "the 200 files are queued",
  });
  // The 150th file (after the 4 large ones): scrolled to in the virtual list, and cancelled.
  const target = "b-small-145.txt";
  const rows = await app.browser.$('[role=list][aria-label="Files being transferred"]');
  await app.browser.execute((list) => (list.scrollTop = 148 * 46), rows);
  const cancel = await app.browser.$(`button[aria-label="Cancel upload of ${target}"]`);
  await cancel.waitForExist({ timeout: 10000 });
  const row = await app.browser.$(`[role=listitem][aria-label="Upload of ${target}"]`);
  assert.equal(await row.getAttribute("data-state"), "queued", "still waiting its turn when cancelled");
  await cancel.click();
  await app.browser.waitUntil(async () => (await row.getAttribute("data-state")) === "cancelled", {
    timeout: 10000,
    timeoutMsg: `${target} shows as cancelled`,
  });
  await screenshot(app.browser, "transfers-queued-file-cancelled");

  await app.browser.waitUntil(async () => /^199 of 200 files/.test(await textOf(app.browser, summary)), {
    timeout: 300000,
    interval: 1000,
    timeoutMsg: "the other 199 files are done",
  });
  const listed = aws(s3, "s3", "ls", "--recursive", "s3://e2e-transfers/inbox/queue/").trim().split("\n");
  assert.equal(listed.length, 199, "every other file arrived");
  assert.ok(!listed.some((line) => line.endsWith(target)), `${target} was never uploaded`);
});

// What a page that misbehaves could ask (here through Tauri's own invoke, as any script in
// the window could): the backend refuses to read a file that was never dropped or picked.
test("the backend uploads no file the person did not drop or pick, whatever the page asks", async () => {
  const secret = path.join(dir, "never-dropped.txt");
  writeFileSync(secret, "private\n");
  const ask = async (command, args) =>
    JSON.parse(
      await app.browser.execute(
        async (command, args) => {
          const internals = window.__TAURI_INTERNALS__;
          const channel = `__CHANNEL__:${internals.transformCallback(() => {})}`;
          for (const name of Object.keys(args)) if (args[name] === "<channel>") args[name] = channel;
          try {
            await internals.invoke(command, args);
            return JSON.stringify({ ok: true });
          } catch (error) {
            return JSON.stringify({ error });
          }
        },
        command,
        args,
      ),
    );
  const options = { storage_class: null, content_type: null, metadata: [], tags: [] };
  const upload = await ask("transfer_upload", {
    key: { kind: "sandbox" }, bucket: "e2e-transfers", region: null, prefix: "stolen/", paths: [secret], options, batch: "e2e-steal", onEvent: "<channel>",
  });
  assert.equal(upload.error?.code, "invalid_input", JSON.stringify(upload));
  assert.match(upload.error.message, /was not dropped on S3 Desk or picked in its dialog/);
  const toLink = await ask("share_upload_to_url", {
    url: "http://127.0.0.1:9/b/k?X-Amz-Signature=x", path: secret, contentType: null, operation: "e2e-steal-link", onProgress: "<channel>",
  });
  assert.equal(toLink.error?.code, "invalid_input", JSON.stringify(toLink));
  assert.match(toLink.error.message, /was not dropped on S3 Desk or picked in its dialog/);
  const stolen = aws(s3, "s3api", "list-objects-v2", "--bucket", "e2e-transfers", "--prefix", "stolen/");
  assert.deepEqual(JSON.parse(stolen.trim() || "{}").Contents ?? [], [], "nothing was uploaded");
});
