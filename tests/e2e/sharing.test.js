// Sharing and tags in the real app against SeaweedFS (which checks signatures): Share on an object,
// 10 minutes, Copy (with no other click: the link follows the form); the link is read back from the X clipboard with xclip and fetched with
// curl, and must give the object's exact bytes; two tags added in the details, read back with the aws cli;
// "Make public with a policy…" on the object, saved after review: an anonymous curl gets that object
// (SeaweedFS enforces bucket policies) and not its neighbour.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { aws, byRole, controls, openApp, screenshot, startS3, textOf } from "./harness.js";

let s3;
let app;
let ui;
const body = randomBytes(50_000);

before(async () => {
  s3 = await startS3();
  aws(s3, "s3", "mb", "s3://e2e-share");
  const dir = mkdtempSync(path.join(tmpdir(), "s3desk-e2e-share-"));
  writeFileSync(path.join(dir, "plan.pdf"), body);
  aws(s3, "s3", "cp", "--only-show-errors", path.join(dir, "plan.pdf"), "s3://e2e-share/plans/plan.pdf");
  aws(s3, "s3", "cp", "--only-show-errors", path.join(dir, "plan.pdf"), "s3://e2e-share/plans/draft.pdf");
  app = await openApp(s3.env);
  ui = controls(app.browser);
  await (await app.browser.$("nav").$("button*=Local sandbox")).click();
  await (await ui.byLabel("e2e-share")).click();
});

after(async () => {
  await app?.close();
  s3?.stop();
});

/** The row of `name` in a listing. */
const option = (list, name) => byRole(app.browser, "option", name, { scope: list });

test("Share, 10 minutes, Copy: the copied link downloads the exact bytes", async () => {
  const root = await app.browser.$('[role=listbox][aria-label="Objects in e2e-share/"]');
  await root.waitForDisplayed({ timeout: 20000 });
  await app.browser.waitUntil(async () => (await textOf(app.browser, root)).includes("plans/"), { timeout: 20000 });
  await (await option(root, "plans/")).doubleClick();
  const plans = await app.browser.$('[role=listbox][aria-label="Objects in e2e-share/plans/"]');
  await app.browser.waitUntil(async () => (await textOf(app.browser, plans)).includes("plan.pdf"), { timeout: 20000 });
  await (await option(plans, "plan.pdf")).click();
  await (await ui.byLabel("Share…")).click();

  const dialog = await app.browser.$("dialog[open]");
  await dialog.waitForExist({ timeout: 20000 });
  await byRole(app.browser, "textbox", "Download link", { scope: dialog });
  // The expiry changed, and nothing else: Copy must copy a link for 10 minutes, never the
  // 1-hour link made as the dialog opened.
  await ui.fill({ "Link works for": "10" });
  await ui.choose("Unit", "minutes");
  const copy = await dialog.$("button=Copy link");
  await copy.waitForEnabled({ timeout: 20000 });
  await copy.click();
  await app.browser.waitUntil(async () => (await dialog.getText()).includes("Copied."), { timeout: 10000 });
  await screenshot(app.browser, "share-dialog");

  const copied = execFileSync("xclip", ["-selection", "clipboard", "-o"], { encoding: "utf8" });
  assert.match(copied, /^http:\/\/127\.0\.0\.1:\d+\/e2e-share\/plans\/plan\.pdf\?/);
  assert.match(copied, /X-Amz-Expires=600/);
  const fetched = execFileSync("curl", ["-s", "--fail", copied]);
  assert.ok(fetched.equals(body), "the link gives the object's exact bytes");
});

test("two tags added in the details are what the aws cli reads back", async () => {
  const dialog = await app.browser.$("dialog[open]");
  if (await dialog.isExisting()) await (await dialog.$("button=Close")).click();
  const plans = await app.browser.$('[role=listbox][aria-label="Objects in e2e-share/plans/"]');
  const row = await option(plans, "plan.pdf");
  await row.doubleClick();
  const tags = await app.browser.$('[aria-label="Tags of plan.pdf"]');
  await (await tags.$("button=Add tag")).waitForExist({ timeout: 20000 });
  for (const [i, [key, value]] of [["project", "apollo"], ["review", "2026-12"]].entries()) {
    await (await tags.$("button=Add tag")).click();
    await (await tags.$(`aria/Tags name ${i + 1}`)).setValue(key);
    await (await tags.$(`aria/Tags value ${i + 1}`)).setValue(value);
  }
  await (await tags.$("button=Save tags")).click();
  await app.browser.waitUntil(async () => (await tags.getText()).includes("Saved 2 tags."), { timeout: 20000 });
  await screenshot(app.browser, "object-tags");

  const read = JSON.parse(aws(s3, "s3api", "get-object-tagging", "--bucket", "e2e-share", "--key", "plans/plan.pdf"));
  const pairs = read.TagSet.map((t) => `${t.Key}=${t.Value}`).sort();
  assert.deepEqual(pairs, ["project=apollo", "review=2026-12"]);
});

test("one object made public with a policy: anyone can fetch it, and only it", async () => {
  const anonymous = (key) =>
    execFileSync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", `${s3.endpoint}/e2e-share/${key}`], { encoding: "utf8" });
  assert.equal(anonymous("plans/plan.pdf"), "403", "private to begin with");

  const access = await app.browser.$('[aria-label="Access to plan.pdf"]');
  await (await access.$("button=Make public with a policy…")).click();
  // The dialog opens once its component has mounted, a moment after the click.
  const dialog = await app.browser.$("dialog[open]");
  await dialog.waitForExist({ timeout: 20000 });
  const editor = await byRole(app.browser, "textbox", "Policy JSON", { scope: dialog });
  await app.browser.waitUntil(async () => (await textOf(app.browser, editor)).includes("arn:aws:s3:::e2e-share/plans/plan.pdf"), {
    timeout: 20000,
    timeoutMsg: "the one-object template is filled in",
  });
  await (await dialog.$("button=Review and save…")).click();
  await (await dialog.$("button=Save policy")).click();
  const sentence = await dialog.$('[aria-label="Is this bucket public?"]');
  await app.browser.waitUntil(async () => (await textOf(app.browser, sentence)).startsWith("Public: the bucket policy lets anyone in (statement 1)"), {
    timeout: 20000,
    timeoutMsg: "the sentence says the policy made it public",
  });
  await screenshot(app.browser, "permissions-one-object-public");

  assert.equal(anonymous("plans/plan.pdf"), "200");
  assert.ok(execFileSync("curl", ["-s", "--fail", `${s3.endpoint}/e2e-share/plans/plan.pdf`]).equals(body), "the exact bytes");
  assert.equal(anonymous("plans/draft.pdf"), "403", "its neighbour stays private");
  await (await dialog.$("button=Close")).click();
});
