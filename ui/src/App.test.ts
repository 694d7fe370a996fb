// The main screen with a fake backend: what a person sees after picking a connection.
import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import App from "./App.svelte";
import type { ConnectionEntry, DropEvent, ErrorPayload, ObjectPage } from "./lib/ipc/bindings";
import type { Backend } from "./lib/ipc/backend";
import { fakeBackend as bareBackend } from "./lib/ipc/fake-backend";

/** The app also asks, on start, for unfinished uploads and to hear of dropped files, and for a
 * selected bucket's unfinished multipart uploads and Transfer Acceleration. */
const fakeBackend = (answers: Partial<Backend>) =>
  bareBackend({
    transferUnfinished: async () => [],
    transferUnfinishedDownloads: async () => [],
    dropSubscribe: async () => {},
    bucketUnfinishedUploads: async () => [],
    bucketAcceleration: async () => ({ status: null, unavailable: "Transfer Acceleration is an Amazon S3 feature.", used_by_connection: true }),
    ...answers,
  });

const work: ConnectionEntry = {
  key: { kind: "saved", id: "1" },
  name: "Work",
  region: "eu-west-1",
  access_key_id: "AKIAIOSFODNN7EXAMPLE",
  endpoint_url: null,
  path_style: false,
  editable: true,
};

describe("App", () => {
  it("lists the buckets of the picked connection", async () => {
    const backend = fakeBackend({
      connectionList: async () => [work],
      connectionIdentity: async () => ({ account: "123456789012", arn: "arn:aws:iam::123456789012:user/alice", is_root: false }),
      bucketList: async () => [{ name: "reports", region: "eu-west-1", created_ms: Date.UTC(2024, 0, 2) }],
    });
    render(App, { props: { backend } });
    await userEvent.click(await screen.findByRole("button", { name: /Work/ }));

    const table = await screen.findByRole("table", { name: "Buckets" });
    expect(within(table).getByText("reports")).toBeTruthy();
    expect(within(table).getByText("eu-west-1")).toBeTruthy();
    expect(await screen.findByText("Keys of arn:aws:iam::123456789012:user/alice")).toBeTruthy();
    expect(screen.queryByRole("alert", { name: "Root access key warning" })).toBeNull();
  });

  it("warns plainly when the keys are the root user's", async () => {
    const backend = fakeBackend({
      connectionList: async () => [work],
      connectionIdentity: async () => ({ account: "123456789012", arn: "arn:aws:iam::123456789012:root", is_root: true }),
      bucketList: async () => [],
    });
    render(App, { props: { backend } });
    await userEvent.click(await screen.findByRole("button", { name: /Work/ }));

    const warning = await screen.findByRole("alert", { name: "Root access key warning" });
    expect(warning.textContent).toContain("root user's access keys for AWS account 123456789012");
    expect(warning.textContent).toContain("Create an IAM user or role");
  });

  it("shows a listing error as a sentence with its fix", async () => {
    const denied: ErrorPayload = {
      code: "access_denied",
      message: "Access denied: these credentials lack the permission s3:ListAllMyBuckets.",
      hint: "Ask your administrator to allow s3:ListAllMyBuckets for this user or role, or use credentials that have it.",
      field: null,
    };
    const backend = fakeBackend({
      connectionList: async () => [work],
      connectionIdentity: async () => null,
      bucketList: () => Promise.reject(denied),
    });
    render(App, { props: { backend } });
    await userEvent.click(await screen.findByRole("button", { name: /Work/ }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("lack the permission s3:ListAllMyBuckets");
    expect(alert.textContent).toContain("Ask your administrator");
  });

  it("deletes a bucket through its settings panel and says so", async () => {
    let listed = [{ name: "old-logs", region: "us-east-1", created_ms: null }];
    const backend = fakeBackend({
      connectionList: async () => [work],
      connectionIdentity: async () => null,
      bucketList: async () => listed,
      bucketSettings: async () => ({ versioning: "off", object_lock: null, public: false }),
      bucketCount: async () => ({ objects: 0, versions: 0, delete_markers: 0, uploads: 0, complete: true }),
      bucketDelete: async () => {
        listed = [];
      },
    });
    render(App, { props: { backend } });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /Work/ }));
    await user.click(await screen.findByRole("button", { name: "Settings of old-logs" }));
    await user.click(await screen.findByRole("button", { name: "Delete bucket…" }));
    await user.type(await screen.findByLabelText("Type the bucket name to confirm"), "old-logs");
    await user.click(screen.getByRole("button", { name: "Delete bucket" }));

    expect(await screen.findByText("Deleted the bucket old-logs.")).toBeTruthy();
    expect(await screen.findByText("No buckets on this connection yet.")).toBeTruthy();
  });

  it("closing Permissions shows at once what was changed there: the badge and the panel", async () => {
    // The server's verdict, flipped below as a policy saved in the dialog would.
    let isPublic = false;
    const exposure = () =>
      isPublic
        ? { public: true, sentence: "Public: the bucket policy lets anyone in (statement 1), and Block Public Access is off." }
        : { public: false, sentence: "Not public: Block Public Access is fully on." };
    const backend = fakeBackend({
      connectionList: async () => [work],
      connectionIdentity: async () => null,
      bucketList: async () => [{ name: "site", region: "eu-west-1", created_ms: null }],
      bucketExposure: async () => exposure(),
      bucketSettings: async () => ({ versioning: "off", object_lock: null, public: isPublic }),
      bucketAccess: async () => ({ block: null, policy: null, grants: null, ownership: null, ...exposure() }),
    });
    render(App, { props: { backend } });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /Work/ }));
    await user.click(await screen.findByRole("button", { name: "Settings of site" }));
    const panel = await screen.findByRole("complementary", { name: "Bucket site" });
    await within(panel).findByText("Not public");
    await user.click(within(panel).getByRole("button", { name: "Permissions…" }));
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByText(/Not public: Block Public Access is fully on/);

    isPublic = true;
    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    const table = screen.getByRole("table", { name: "Buckets" });
    expect(await within(table).findByText("Public")).toBeTruthy();
    expect(await within(panel).findByText("Public")).toBeTruthy();
  });

  it("opens a bucket as folders and files, into a folder and back by the breadcrumb", async () => {
    const pages: Record<string, ObjectPage> = {
      "": { folders: ["2024/"], objects: [{ key: "readme.txt", size: 2048, last_modified_ms: 0, storage_class: "STANDARD" }], next: null, cut_short: false },
      "2024/": { folders: [], objects: [{ key: "2024/jan.csv", size: 10, last_modified_ms: 0, storage_class: "STANDARD" }], next: null, cut_short: false },
    };
    const listed: string[] = [];
    const backend = fakeBackend({
      connectionList: async () => [work],
      connectionIdentity: async () => null,
      bucketList: async () => [{ name: "reports", region: "eu-west-1", created_ms: null }],
      objectList: async (ref, prefix) => {
        listed.push(`${ref.bucket}@${ref.region}:${prefix}`);
        return pages[prefix];
      },
    });
    render(App, { props: { backend } });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /Work/ }));
    await user.click(await screen.findByRole("button", { name: "reports" }));

    const list = await screen.findByRole("listbox", { name: "Objects in reports/" });
    await within(list).findByText("readme.txt");
    expect(within(list).getByText("2.0 KiB")).toBeTruthy();
    await user.dblClick(within(list).getByText(/2024\//));
    await screen.findByRole("listbox", { name: "Objects in reports/2024/" });
    expect(await screen.findByText("jan.csv")).toBeTruthy();
    expect(listed).toEqual(["reports@eu-west-1:", "reports@eu-west-1:2024/"]);

    await user.click(within(screen.getByRole("navigation", { name: "Location" })).getByRole("button", { name: "reports" }));
    await screen.findByRole("listbox", { name: "Objects in reports/" });
  });

  it("searches a whole prefix, subfolders included, with the filter", async () => {
    const calls: string[] = [];
    const backend = fakeBackend({
      connectionList: async () => [work],
      connectionIdentity: async () => null,
      bucketList: async () => [{ name: "reports", region: "eu-west-1", created_ms: null }],
      objectList: async (_ref, prefix, folders) => {
        calls.push(`${prefix}|${folders}`);
        return folders
          ? { folders: ["2024/"], objects: [], next: null, cut_short: false }
          : {
              folders: [],
              objects: [
                { key: "2024/q1/sales.csv", size: 1, last_modified_ms: 0, storage_class: "STANDARD" },
                { key: "2024/q2/costs.csv", size: 1, last_modified_ms: 0, storage_class: "STANDARD" },
              ],
              next: null,
              cut_short: false,
            };
      },
    });
    render(App, { props: { backend } });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /Work/ }));
    await user.click(await screen.findByRole("button", { name: "reports" }));
    await screen.findByText("2024/");

    await user.type(screen.getByRole("searchbox", { name: "Filter loaded items" }), "sales");
    await user.click(screen.getByRole("checkbox", { name: "Include subfolders" }));
    const list = await screen.findByRole("listbox", { name: "Objects in reports/" });
    expect(await within(list).findByText("2024/q1/sales.csv")).toBeTruthy();
    expect(within(list).queryByText("2024/q2/costs.csv")).toBeNull();
    expect(calls).toEqual(["|true", "|false"]);
  });

  it("uploads files dropped on the window into the folder on screen", async () => {
    let drop: ((e: DropEvent) => void) | null = null;
    const uploads: string[] = [];
    const backend = fakeBackend({
      connectionList: async () => [work],
      connectionIdentity: async () => null,
      bucketList: async () => [{ name: "reports", region: "eu-west-1", created_ms: null }],
      objectList: async (_ref, prefix) => ({ folders: prefix ? [] : ["2024/"], objects: [], next: null, cut_short: false }),
      dropSubscribe: async (onDrop) => {
        drop = onDrop;
      },
      transferUpload: async (ref, prefix, paths, _options, batch, onEvent) => {
        uploads.push(`${ref.bucket}:${prefix}:${paths.join(",")}`);
        onEvent({ kind: "queued", files: [{ id: `${batch}:0`, bucket: ref.bucket, key: `${prefix}a.txt`, path: paths[0], size: 10, accelerated: false }] });
        onEvent({ kind: "started", id: `${batch}:0`, size: 10 });
        onEvent({ kind: "finished", id: `${batch}:0`, outcome: { state: "done", size: 10, parts_sent: 0, parts: 0 } });
      },
    });
    render(App, { props: { backend } });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /Work/ }));
    await user.click(await screen.findByRole("button", { name: "reports" }));
    await user.dblClick(await screen.findByText("2024/"));
    await screen.findByRole("listbox", { name: "Objects in reports/2024/" });

    drop!({ kind: "enter" });
    expect(await screen.findByText("Drop to upload into reports/2024/")).toBeTruthy();
    drop!({ kind: "drop", paths: ["/home/me/a.txt"] });
    const row = await screen.findByRole("listitem", { name: "Upload of a.txt" });
    expect(within(row).getByText("Done, 10 B")).toBeTruthy();
    expect(uploads).toEqual(["reports:2024/:/home/me/a.txt"]);
    expect(screen.queryByText("Drop to upload into reports/2024/")).toBeNull();
  });

  it("keeps the options chosen for drops on that bucket until told to stop", async () => {
    let drop: ((e: DropEvent) => void) | null = null;
    const sent: [string, string][][] = [];
    const backend = fakeBackend({
      connectionList: async () => [work],
      connectionIdentity: async () => null,
      bucketList: async () => [{ name: "reports", region: "eu-west-1", created_ms: null }],
      objectList: async () => ({ folders: [], objects: [], next: null, cut_short: false }),
      dropSubscribe: async (onDrop) => {
        drop = onDrop;
      },
      transferUpload: async (_ref, _prefix, _paths, options) => {
        sent.push(options.tags);
      },
    });
    render(App, { props: { backend } });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /Work/ }));
    await user.click(await screen.findByRole("button", { name: "reports" }));
    await screen.findByRole("listbox", { name: "Objects in reports/" });
    await user.click(screen.getByRole("button", { name: "Upload with options…" }));
    await user.click(screen.getByRole("button", { name: "Add tag" }));
    await user.type(screen.getByLabelText("Tags name 1"), "team");
    await user.type(screen.getByLabelText("Tags value 1"), "data");
    await user.click(screen.getByLabelText("Also for files dropped on reports from now on"));
    await user.click(screen.getByRole("button", { name: "Use for drops" }));
    expect(await screen.findByText(/Files dropped on reports get the tag team=data\./)).toBeTruthy();

    drop!({ kind: "drop", paths: ["/home/me/a.txt"] });
    await waitFor(() => expect(sent).toEqual([[["team", "data"]]]));
    await user.click(screen.getByRole("button", { name: "Stop using these options" }));
    drop!({ kind: "drop", paths: ["/home/me/b.txt"] });
    await waitFor(() => expect(sent).toEqual([[["team", "data"]], []]));
  });
});
