// Amazon S3 connections in the real app: Transfer Acceleration, and the keys of the
// environment. The UI offers acceleration only on Amazon S3, so the app is started with
// AWS_ENDPOINT_URL pointing the SDK at moto (the SDK's own "configured endpoints" setting):
// the connection is an Amazon S3 one to the app, moto keeps the configuration, and the aws
// cli reads it back. Transfers through the accelerate endpoint itself cannot be exercised
// here: no local server is one. The app also gets moto's keys in AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY, as a CI job or `aws-vault exec` would give them.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { aws, byRole, controls, openApp, screenshot, startMoto, textOf } from "./harness.js";

let moto;
let app;
let ui;

before(async () => {
  moto = await startMoto();
  aws(moto, "s3", "mb", "s3://e2e-fast");
  app = await openApp({
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ACCESS_KEY_ID: moto.accessKey,
    AWS_SECRET_ACCESS_KEY: moto.secretKey,
    AWS_REGION: "us-east-1",
  });
  ui = controls(app.browser);
  await (await ui.byLabel("Add connection")).click();
  await (await ui.inDialog("Amazon S3")).click();
  await ui.fill({
    Name: "AWS (moto)",
    Region: "us-east-1",
    "Access key ID": moto.accessKey,
    "Secret access key": moto.secretKey,
  });
  await (await ui.inDialog("Save connection")).click();
  await (await ui.byLabel("Settings of e2e-fast")).click();
});

after(async () => {
  await app?.close();
  moto?.stop();
});

const peerStatus = () =>
  JSON.parse(aws(moto, "s3api", "get-bucket-accelerate-configuration", "--bucket", "e2e-fast") || "{}").Status ?? "never";

test("acceleration is enabled and suspended in the bucket panel, and the aws cli sees each", async () => {
  const panel = await app.browser.$('[aria-label="Transfer Acceleration"]');
  await app.browser.waitUntil(async () => (await textOf(app.browser, panel)).includes("Off (never turned on)"), {
    timeout: 20000,
    timeoutMsg: "the status is read: never configured",
  });
  assert.equal(peerStatus(), "never");

  await (await panel.$("button=Enable")).click();
  await app.browser.waitUntil(async () => (await textOf(app.browser, panel)).includes("Enabled: uploads and downloads"), {
    timeout: 20000,
    timeoutMsg: "the status read back is Enabled",
  });
  assert.equal(peerStatus(), "Enabled");
  const use = await panel.$("aria/Use it for this connection's transfers where a bucket has it on");
  assert.equal(await use.isSelected(), true, "used by default");
  assert.ok(await panel.$("button=Compare speeds").isExisting());
  await screenshot(app.browser, "acceleration-enabled");

  await (await panel.$("button=Suspend")).click();
  await app.browser.waitUntil(async () => (await textOf(app.browser, panel)).includes("Suspended."), {
    timeout: 20000,
    timeoutMsg: "the status read back is Suspended",
  });
  assert.equal(peerStatus(), "Suspended");

  // The keychain is shared by the whole e2e run: leave it as it was found.
  await (await ui.byLabel("Delete connection")).click();
  const dialog = await app.browser.$("dialog[open]");
  await dialog.waitForExist({ timeout: 20000 });
  await (await byRole(app.browser, "button", "Delete connection", { scope: dialog })).click();
  await app.browser.waitUntil(async () => !(await app.browser.$("nav").getText()).includes("AWS (moto)"), {
    timeout: 5000,
    timeoutMsg: "the connection is deleted, with its keychain entry",
  });
});

test("the environment's keys are offered as a connection and list the buckets", async () => {
  await (await app.browser.$("nav").$("button*=Environment keys")).click();
  await app.browser.waitUntil(async () => (await app.browser.$("main h1").getText()) === "Environment keys");
  const table = await app.browser.$('table[aria-label="Buckets"]');
  await table.waitForDisplayed({ timeout: 20000 });
  assert.match(await table.getText(), /e2e-fast/);
  await screenshot(app.browser, "environment-connection");
});
