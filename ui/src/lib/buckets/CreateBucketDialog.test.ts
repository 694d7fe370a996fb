import { describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import type { CreateBucketInput, CreatedBucket } from "../ipc/bindings";
import { fakeBackend } from "../ipc/fake-backend";
import CreateBucketDialog from "./CreateBucketDialog.svelte";


function setup(bucketCreate = vi.fn(async (_k: unknown, r: CreateBucketInput): Promise<CreatedBucket> => ({ name: r.name, region: r.region, warnings: [] }))) {
  const backend = fakeBackend({
    // The real rules live in the backend; this stands in for two of them.
    bucketNameCheck: async (name) => ({
      problems: [
        ...(/[A-Z]/.test(name) ? ["Use lowercase letters only."] : []),
        ...(name.includes("_") ? ['Replace "_": only lowercase letters, digits, hyphens and dots are allowed.'] : []),
      ],
      warnings: [],
    }),
    bucketNameUnique: async (name) => `${name}-1a2b3c4d`,
    bucketCreate,
  });
  const oncreated = vi.fn();
  render(CreateBucketDialog, {
    props: { backend, connection: { kind: "sandbox" }, defaultRegion: "eu-west-1", oncreated, onclose: vi.fn() },
  });
  return { bucketCreate, oncreated, user: userEvent.setup() };
}

describe("CreateBucketDialog", () => {
  it("shows S3's naming rule as the name is typed and sends nothing", async () => {
    const { bucketCreate, user } = setup();
    await user.type(screen.getByLabelText("Bucket name"), "Reports");
    expect(await screen.findByText("Use lowercase letters only.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Create bucket" }));
    expect(bucketCreate).not.toHaveBeenCalled();
  });

  it("lists every problem with the name at once, as instructions", async () => {
    const { user } = setup();
    await user.type(screen.getByLabelText("Bucket name"), "My_Reports");
    const list = await screen.findByRole("list", { name: "Problems with the name" });
    expect([...list.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "Use lowercase letters only.",
      'Replace "_": only lowercase letters, digits, hyphens and dots are allowed.',
    ]);
  });

  it("creates a private bucket in the connection's region by default", async () => {
    const { bucketCreate, oncreated, user } = setup();
    await user.type(screen.getByLabelText("Bucket name"), "reports");
    await user.click(screen.getByRole("button", { name: "Create bucket" }));
    await waitFor(() => expect(oncreated).toHaveBeenCalled());
    expect(bucketCreate.mock.calls[0][1]).toEqual({
      name: "reports",
      region: "eu-west-1",
      ownership: "bucket_owner_enforced",
      acl: null,
      grant_read: "",
      grant_write: "",
      block_public_access: true,
      object_lock: false,
      default_retention: null,
      versioning: false,
    });
  });

  it("offers ACLs only where Object Ownership allows them", async () => {
    const { user } = setup();
    expect(screen.getByLabelText("ACL")).toHaveProperty("disabled", true);
    expect(screen.getByText(/ACLs are disabled with "Bucket owner enforced"/)).toBeTruthy();
    await user.selectOptions(screen.getByLabelText("Object Ownership"), "object_writer");
    expect(screen.getByLabelText("ACL")).toHaveProperty("disabled", false);
    expect(screen.getByLabelText("Grant read to")).toHaveProperty("disabled", false);
  });

  it("Object Lock turns versioning on, warns it is for good, and sends the retention", async () => {
    const { bucketCreate, user } = setup();
    await user.type(screen.getByLabelText("Bucket name"), "vault");
    await user.click(screen.getByLabelText(/Object Lock/));
    expect(screen.getByText(/can never be turned off/)).toBeTruthy();
    const versioning = screen.getByLabelText(/Versioning/) as HTMLInputElement;
    expect(versioning.checked && versioning.disabled).toBe(true);
    await user.selectOptions(screen.getByLabelText("Default retention"), "compliance");
    await user.clear(screen.getByLabelText("Days"));
    await user.type(screen.getByLabelText("Days"), "90");
    await user.click(screen.getByRole("button", { name: "Create bucket" }));
    await waitFor(() => expect(bucketCreate).toHaveBeenCalled());
    expect(bucketCreate.mock.calls[0][1]).toMatchObject({
      object_lock: true,
      versioning: true,
      default_retention: { mode: "compliance", days: 90 },
    });
  });

  it("makes a taken name unique", async () => {
    const { user } = setup();
    await user.type(screen.getByLabelText("Bucket name"), "photos");
    await user.click(screen.getByRole("button", { name: "Make it unique" }));
    expect((screen.getByLabelText("Bucket name") as HTMLInputElement).value).toBe("photos-1a2b3c4d");
  });

  it("shows the server's refusal with its fix", async () => {
    const { user } = setup(vi.fn(() =>
      Promise.reject({
        code: "bucket_already_exists",
        message: "The name photos is taken by another AWS account: bucket names are shared by all accounts.",
        hint: 'Pick another name; "Make it unique" adds a random suffix.',
        field: null,
      }),
    ));
    await user.type(screen.getByLabelText("Bucket name"), "photos");
    await user.click(screen.getByRole("button", { name: "Create bucket" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("taken by another AWS account");
  });
});
