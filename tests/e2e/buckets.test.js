// Buckets in the real app against moto, which knows S3's control plane: create one in
// eu-west-1 with Object Lock through the dialog, untick and tick each Block Public Access
// box and save a policy, make it public with a policy and see the list say so on closing,
// and delete a versioned, non-empty one through the typed confirm; the aws cli checks the
// result each time.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { aws, awsIn, byRole, controls, openApp, screenshot, startMoto, textOf } from "./harness.js";

let moto;
let app;
let ui;

before(async () => {
  moto = await startMoto();
  app = await openApp(moto.env);
  ui = controls(app.browser);
  await (await app.browser.$("nav").$("button*=Local sandbox")).click();
  await app.browser.$("main h1").waitForDisplayed();
});

after(async () => {
  await app?.close();
  moto?.stop();
});

async function noticeSays(text) {
  await byRole(app.browser, "status", text);
}

test("a bucket made in eu-west-1 with Object Lock has that region and lock", async () => {
  await (await ui.byLabel("Create bucket")).click();
  await ui.fill({ "Bucket name": "e2e-vault", Region: "eu-west-1" });
  await (await ui.inDialog("Object Lock: versions can be made undeletable for a time")).click();
  await ui.choose("Default retention", "Governance");
  await ui.fill({ Days: "5" });
  await screenshot(app.browser, "create-bucket-dialog");
  await (await ui.inDialog("Create bucket")).click();
  await noticeSays(/Created the bucket e2e-vault in eu-west-1\./);

  const location = JSON.parse(awsIn(moto, "eu-west-1", "s3api", "get-bucket-location", "--bucket", "e2e-vault"));
  assert.equal(location.LocationConstraint, "eu-west-1");
  const lock = JSON.parse(awsIn(moto, "eu-west-1", "s3api", "get-object-lock-configuration", "--bucket", "e2e-vault"));
  assert.equal(lock.ObjectLockConfiguration.ObjectLockEnabled, "Enabled");
  const retention = lock.ObjectLockConfiguration.Rule.DefaultRetention;
  assert.deepEqual([retention.Mode, retention.Days], ["GOVERNANCE", 5]);

  const details = await app.browser.$('aside[aria-label="Bucket e2e-vault"]');
  await details.waitForDisplayed();
  await app.browser.waitUntil(async () => (await details.getText()).includes("GOVERNANCE") || (await details.getText()).includes("governance"), {
    timeout: 10000,
    timeoutMsg: "the settings panel shows the retention",
  });
  // The sandbox is an S3-compatible endpoint: the panel says why acceleration is not offered
  // (switching it is tested against moto in the engine tests; only Amazon S3 has it).
  await app.browser.waitUntil(async () => (await details.getText()).includes("Transfer Acceleration is an Amazon S3 feature"), {
    timeout: 10000,
    timeoutMsg: "the settings panel says why Transfer Acceleration is unavailable",
  });
  await screenshot(app.browser, "bucket-settings");
});

test("each Block Public Access box is unticked and ticked again, checked with the aws cli; a policy is checked and saved", async () => {
  const panel = await app.browser.$('aside[aria-label="Bucket e2e-vault"]');
  await (await panel.$("button=Permissions…")).click();
  const dialog = await app.browser.$("dialog[open]");
  await dialog.waitForExist({ timeout: 20000 });
  const sentence = await dialog.$('[aria-label="Is this bucket public?"]');
  await sentence.waitForExist({ timeout: 20000 });
  const box = (label) => dialog.$(`.//label[.//strong[normalize-space(.) = "${label}"]]/input`);
  const save = async () => {
    await (await dialog.$("button=Save Block Public Access")).click();
    const anyway = await dialog.$("button=Save anyway");
    if (await anyway.isExisting()) await anyway.click();
    await app.browser.waitUntil(async () => (await textOf(app.browser, dialog)).includes("Block Public Access saved"), { timeout: 20000 });
  };
  const peer = () =>
    JSON.parse(awsIn(moto, "eu-west-1", "s3api", "get-public-access-block", "--bucket", "e2e-vault")).PublicAccessBlockConfiguration;
  const flags = {
    "Block public ACLs": "BlockPublicAcls",
    "Ignore public ACLs": "IgnorePublicAcls",
    "Block public policy": "BlockPublicPolicy",
    "Restrict public buckets": "RestrictPublicBuckets",
  };
  assert.deepEqual(Object.values(peer()), [true, true, true, true], "a new bucket blocks public access");
  for (const [label, field] of Object.entries(flags)) {
    await (await box(label)).click();
    await save();
    assert.equal(peer()[field], false, `${label} unticked`);
    assert.equal(Object.values(peer()).filter((v) => v).length, 3, "the others stay on");
    await (await box(label)).click();
    await save();
    assert.equal(peer()[field], true, `${label} ticked again`);
  }
  await screenshot(app.browser, "permissions-dialog");

  // The policy editor is CodeMirror: a contenteditable .cm-content, typed into as a user
  // would, one key at a time (`keys` with a whole string holds every key down at once).
  // CodeMirror closes a bracket or quote when one is typed and steps over the closer when that
  // is typed, so the text comes out as typed.
  const editor = await byRole(app.browser, "textbox", "Policy JSON", { scope: dialog });
  await editor.scrollIntoView();
  await editor.click();
  await app.browser.keys(["Control", "a"]);
  // Clear first: typing "{" over a selection would wrap it in braces.
  await app.browser.keys("Backspace");
  const type = async (text) => {
    for (const key of text) await app.browser.keys(key);
  };
  await type('{"Version": "2012-10-17",');
  await app.browser.keys("Enter");
  await type(' "Statement": [,]}');
  // innerText: WebKitWebDriver's getText leaves out what the dialog has scrolled away.
  await app.browser.waitUntil(async () => /Error \(line 2, column \d+\): Not valid JSON/.test(await textOf(app.browser, dialog)), { timeout: 10000 });
  await screenshot(app.browser, "policy-editor-error");

  // WebKitWebDriver cannot click an <option>: type its text, as a keyboard user would.
  await (await dialog.$('select[aria-label="Template"]')).addValue("Deny requests without TLS");
  await (await dialog.$("button=Use template")).click();
  await app.browser.waitUntil(async () => (await textOf(app.browser, editor)).includes("DenyInsecureTransport"), { timeout: 10000 });
  await (await dialog.$("button=Review and save…")).click();
  await (await dialog.$("button=Save policy")).click();
  await app.browser.waitUntil(async () => (await textOf(app.browser, dialog)).includes("Policy saved."), { timeout: 20000 });
  const saved = JSON.parse(awsIn(moto, "eu-west-1", "s3api", "get-bucket-policy", "--bucket", "e2e-vault")).Policy;
  assert.match(saved, /DenyInsecureTransport/);
  await (await dialog.$("button=Close")).click();
});

test("a public policy saved in Permissions shows as Public in the list and the panel once it closes", async () => {
  const panel = await app.browser.$('aside[aria-label="Bucket e2e-vault"]');
  await (await panel.$("button=Permissions…")).click();
  const dialog = await app.browser.$("dialog[open]");
  await dialog.waitForExist({ timeout: 20000 });
  const sentence = await dialog.$('[aria-label="Is this bucket public?"]');
  await sentence.waitForExist({ timeout: 20000 });
  // Block Public Access would keep any policy from making the bucket public: all off first.
  await (await dialog.$("aria/Block all public access")).click();
  await (await dialog.$("button=Save Block Public Access")).click();
  await (await dialog.$("button=Save anyway")).click();
  await app.browser.waitUntil(async () => (await textOf(app.browser, dialog)).includes("Block Public Access saved"), { timeout: 20000 });
  // The template a new dialog starts with (WebKit's type-ahead cannot reach it from another).
  assert.equal(await (await dialog.$('select[aria-label="Template"]')).getValue(), "public_read_bucket");
  await (await dialog.$("button=Use template")).click();
  const editor = await byRole(app.browser, "textbox", "Policy JSON", { scope: dialog });
  await app.browser.waitUntil(async () => (await textOf(app.browser, editor)).includes("PublicReadObjects"), { timeout: 10000 });
  await (await dialog.$("button=Review and save…")).click();
  const saveButton = await dialog.$("button=Save policy");
  assert.ok(await saveButton.isDisplayed({ withinViewport: true }), "the review's Save button is brought into view");
  await screenshot(app.browser, "permissions-review");
  await saveButton.click();
  const saved = await dialog.$("p*=Policy saved.");
  await saved.waitForExist({ timeout: 20000 });
  assert.ok(await saved.isDisplayed({ withinViewport: true }), "the saved notice is in view, not below the fold");
  await app.browser.waitUntil(async () => (await textOf(app.browser, sentence)).startsWith("Public"), {
    timeout: 20000,
    timeoutMsg: "the dialog says the bucket is public now",
  });
  await screenshot(app.browser, "permissions-saved");

  const logged = [];
  await app.browser.execute(() => {
    window.__errors = [];
    window.addEventListener("error", (e) => window.__errors.push(String(e.message)));
  });
  await (await dialog.$("button=Close")).click();
  const row = await app.browser.$('//table[@aria-label="Buckets"]//tr[.//button[normalize-space(.) = "e2e-vault"]]');
  await app.browser.waitUntil(async () => (await row.getText()).includes("Public"), {
    timeout: 20000,
    timeoutMsg: "the bucket list's Public badge appears without a Refresh",
  });
  await app.browser.waitUntil(async () => /Access\s*Public/.test(await textOf(app.browser, panel)), {
    timeout: 20000,
    timeoutMsg: "the settings panel says Public without a Refresh",
  });
  logged.push(...(await app.browser.execute(() => window.__errors)));
  assert.deepEqual(logged, [], "closing the dialog throws nothing");
  await screenshot(app.browser, "bucket-list-after-permissions");
});

test("a delete marker deleted for good brings the object back; the versioned bucket is then emptied and deleted after the typed confirm", async () => {
  aws(moto, "s3api", "create-bucket", "--bucket", "e2e-history");
  aws(moto, "s3api", "put-bucket-versioning", "--bucket", "e2e-history", "--versioning-configuration", "Status=Enabled");
  const dir = mkdtempSync(path.join(tmpdir(), "s3desk-e2e-"));
  for (const body of ["first draft", "second draft"]) {
    writeFileSync(path.join(dir, "notes.txt"), body);
    aws(moto, "s3api", "put-object", "--bucket", "e2e-history", "--key", "notes.txt", "--body", path.join(dir, "notes.txt"));
  }
  aws(moto, "s3api", "delete-object", "--bucket", "e2e-history", "--key", "notes.txt");

  await (await ui.byLabel("Refresh")).click();

  // The browser's versions view shows both versions and the delete marker.
  await (await ui.byLabel("e2e-history")).click();
  await (await ui.byLabel("Show versions")).click();
  const list = await app.browser.$('[role=listbox][aria-label="Objects in e2e-history/"]');
  await app.browser.waitUntil(async () => (await textOf(app.browser, list)).includes("delete marker"), {
    timeout: 10000,
    timeoutMsg: "the delete marker is listed",
  });
  const text = await textOf(app.browser, list);
  assert.equal(text.match(/notes\.txt/g)?.length, 3, `two versions and a marker of notes.txt: ${text}`);
  await screenshot(app.browser, "browser-versions");

  // The delete marker, deleted for good, brings the second draft back.
  for (const option of await list.$$("[role=option]")) {
    if ((await textOf(app.browser, option)).includes("delete marker")) await option.click();
  }
  await (await ui.byLabel("Delete")).click();
  const confirmVersions = await app.browser.$("dialog[open]");
  await confirmVersions.waitForDisplayed({ timeout: 10000 });
  assert.match(await confirmVersions.getText(), /Remove the delete marker of "notes\.txt" from e2e-history\?/);
  assert.match(await confirmVersions.getText(), /The version under it becomes the current object again\./);
  await screenshot(app.browser, "delete-version-confirm");
  await (await byRole(app.browser, "button", "Delete", { scope: confirmVersions })).click();
  await noticeSays(/Deleted 1 key\./);
  const versions = JSON.parse(aws(moto, "s3api", "list-object-versions", "--bucket", "e2e-history"));
  assert.equal(versions.DeleteMarkers ?? undefined, undefined, "the marker is gone");
  assert.equal(versions.Versions.length, 2, "both versions stay");
  aws(moto, "s3api", "get-object", "--bucket", "e2e-history", "--key", "notes.txt", path.join(dir, "back.txt"));
  assert.equal(readFileSync(path.join(dir, "back.txt"), "utf8"), "second draft");
  await (await app.browser.$("nav[aria-label=Location]").$("button=Buckets")).click();

  await (await ui.byLabel("Settings of e2e-history")).click();
  const panel = await app.browser.$('aside[aria-label="Bucket e2e-history"]');
  await panel.waitForDisplayed({ timeout: 10000 });
  // The settings arrive a moment later and push the panel's buttons down: a click aimed
  // before then lands where the button was (seen once on a clean clone). Click once settled.
  await byRole(app.browser, "button", "Suspend versioning", { scope: panel });
  await (await byRole(app.browser, "button", "Delete bucket…", { scope: panel })).click();
  const dialog = await app.browser.$("dialog[open]");
  await dialog.waitForExist({ timeout: 20000 });
  await dialog.waitForDisplayed({ timeout: 10000 });
  await app.browser.waitUntil(async () => (await dialog.getText()).includes("This deletes"), { timeout: 10000 });
  assert.match(await dialog.getText(), /1 object, 1 older version, 0 delete markers and 0 unfinished multipart uploads/);

  const confirm = await ui.inDialog("Empty and delete bucket");
  assert.equal(await confirm.isEnabled(), false, "nothing is deleted before the name is typed");
  await ui.fill({ "Type the bucket name to confirm": "e2e-history" });
  await screenshot(app.browser, "delete-bucket-confirm");
  await confirm.click();
  await noticeSays(/Deleted the bucket e2e-history\./);

  const names = JSON.parse(aws(moto, "s3api", "list-buckets")).Buckets.map((b) => b.Name);
  assert.ok(!names.includes("e2e-history"), `the bucket is gone: ${names}`);
});
