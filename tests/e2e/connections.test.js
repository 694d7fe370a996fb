// The foundation journey in the real app: add a connection to a local S3 server through the
// form, see the buckets a peer tool made, be told plainly when the keys are wrong, and
// delete the connection with its keychain entry.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { aws, byRole, controls, descriptionOf, keychainItems, openApp, screenshot, startS3 } from "./harness.js";

const KEYCHAIN_SERVICE = "dev.s3desk.app";
let s3;
let app;

before(async () => {
  s3 = await startS3();
  aws(s3, "s3", "mb", "s3://e2e-photos");
  aws(s3, "s3", "mb", "s3://e2e-model-weights");
  // The sandbox variables make the app offer this server as the ready "Local sandbox" too.
  app = await openApp(s3.env);
});

after(async () => {
  await app?.close();
  s3?.stop();
});

const byLabel = (name) => controls(app.browser).byLabel(name);
const inDialog = (name) => controls(app.browser).inDialog(name);
const fillForm = (fields) => controls(app.browser).fill(fields);

/** Adds an S3-compatible connection to the test server through the form, with `secret`. */
async function addConnectionToTheServer(name, secret) {
  await (await byLabel("Add connection")).click();
  await (await inDialog("S3-compatible store")).click();
  await fillForm({
    Name: name,
    "Endpoint URL": s3.endpoint,
    Region: "us-east-1",
    "Access key ID": s3.accessKey,
    "Secret access key": secret,
  });
  await (await inDialog("Save connection")).click();
}

test("the empty form is refused field by field", async () => {
  await (await byLabel("Add connection")).click();
  await (await inDialog("Save connection")).click();
  // Each field says what is wrong with it as its description, read after its name.
  const field = (name) => byRole(app.browser, "textbox", name, { scope: app.browser.$("dialog[open]") });
  const says = async (name, pattern) =>
    app.browser.waitUntil(async () => pattern.test(await descriptionOf(app.browser, await field(name))), {
      timeout: 5000,
      timeoutMsg: `${name} does not say ${pattern}`,
    });
  await says("Name", /^Give the connection a name\.$/);
  await says("Access key ID", /^Enter the access key id\.$/);
  await (await inDialog("S3-compatible store")).click();
  await fillForm({ "Endpoint URL": "localhost:9000" });
  await (await inDialog("Save connection")).click();
  await says("Endpoint URL", /^The endpoint URL must start with http:\/\/ or https:\/\//);
  await screenshot(app.browser, "connection-form-errors");
  await (await inDialog("Cancel")).click();
});

test("a connection added through the form lists the buckets a peer tool made", async () => {
  await addConnectionToTheServer("Team storage", s3.secretKey);

  const table = await app.browser.$('table[aria-label="Buckets"]');
  await table.waitForDisplayed({ timeout: 20000 });
  const text = await table.getText();
  assert.match(text, /e2e-photos/, "the first bucket is listed");
  assert.match(text, /e2e-model-weights/, "the second bucket is listed");
  assert.equal(await (await app.browser.$("main h1")).getText(), "Team storage", "the new connection is selected");
  await screenshot(app.browser, "buckets-of-new-connection");

  const saved = readFileSync(path.join(app.configDir, "connections.json"), "utf8");
  assert.match(saved, /Team storage/, "the settings are saved in the config folder");
  assert.ok(!saved.includes(s3.secretKey), "the secret key is never written to the config file");
  assert.equal(keychainItems(KEYCHAIN_SERVICE).length, 1, "the secret key is in the OS keychain");
});

test("the local sandbox is offered as a ready connection", async () => {
  await (await app.browser.$("nav").$("button*=Local sandbox")).click();
  await app.browser.waitUntil(async () => (await app.browser.$("main h1").getText()) === "Local sandbox");
  const table = await app.browser.$('table[aria-label="Buckets"]');
  await table.waitForDisplayed({ timeout: 20000 });
  assert.match(await table.getText(), /e2e-photos/);
});

test("wrong keys are explained with the fix", async () => {
  await addConnectionToTheServer("Wrong secret", "not-the-secret");
  const alert = await app.browser.$("main [role=alert]");
  await alert.waitForDisplayed({ timeout: 20000 });
  const text = await alert.getText();
  assert.match(text, /The secret access key does not match the access key id\./);
  assert.match(text, /enter the secret key again/);
  await screenshot(app.browser, "wrong-secret");
});

test("deleting a connection removes its keychain entry", async () => {
  assert.equal(keychainItems(KEYCHAIN_SERVICE).length, 2, "both saved connections have a secret");
  // "Wrong secret" is selected: delete it through the confirm.
  await (await byLabel("Delete connection")).click();
  const dialog = await app.browser.$("dialog[open]");
  await dialog.waitForExist({ timeout: 20000 });
  await dialog.waitForDisplayed({ timeout: 5000 });
  assert.match(await dialog.getText(), /Delete the connection "Wrong secret"\?/);
  await (await byRole(app.browser, "button", "Delete connection", { scope: dialog })).click();
  await app.browser.waitUntil(async () => !(await app.browser.$("nav").getText()).includes("Wrong secret"), {
    timeout: 5000,
    timeoutMsg: "the deleted connection leaves the sidebar",
  });
  assert.equal(keychainItems(KEYCHAIN_SERVICE).length, 1, "its secret left the keychain; the other stays");
});
