import { describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import type { Backend } from "../ipc/backend";
import type { DeleteReport } from "../ipc/bindings";
import { fakeBackend } from "../ipc/fake-backend";
import DeleteBucketDialog from "./DeleteBucketDialog.svelte";


const target = { key: { kind: "sandbox" as const }, bucket: "reports", region: "us-east-1" };
const counted = { objects: 3, versions: 2, delete_markers: 1, uploads: 1, complete: true };

function setup(answers: Partial<Backend>) {
  const ondeleted = vi.fn();
  render(DeleteBucketDialog, { props: { backend: fakeBackend(answers), target, ondeleted, onclose: vi.fn() } });
  return { ondeleted, user: userEvent.setup() };
}

describe("DeleteBucketDialog", () => {
  it("says what will go and deletes nothing until the name is typed", async () => {
    const bucketEmpty = vi.fn();
    const { user } = setup({ bucketCount: async () => counted, bucketEmpty });
    expect(await screen.findByText(/3 objects, 2 older versions, 1 delete marker and 1 unfinished multipart upload/)).toBeTruthy();
    const button = screen.getByRole("button", { name: "Empty and delete bucket" });
    expect(button).toHaveProperty("disabled", true);
    await user.type(screen.getByLabelText("Type the bucket name to confirm"), "report");
    expect(button).toHaveProperty("disabled", true);
    await user.click(button);
    expect(bucketEmpty).not.toHaveBeenCalled();
  });

  it("empties with progress, then deletes the bucket", async () => {
    const report: DeleteReport = { progress: { deleted: 6, failed: 0, uploads_aborted: 1 }, failures: [], cancelled: false };
    const bucketDelete = vi.fn(async () => {});
    const { ondeleted, user } = setup({
      bucketCount: async () => counted,
      bucketEmpty: async (_ref, _op, onProgress) => {
        onProgress({ deleted: 6, failed: 0, uploads_aborted: 0 });
        return report;
      },
      bucketDelete,
    });
    await user.type(await screen.findByLabelText("Type the bucket name to confirm"), "reports");
    await user.click(screen.getByRole("button", { name: "Empty and delete bucket" }));
    await waitFor(() => expect(ondeleted).toHaveBeenCalled());
    expect(bucketDelete).toHaveBeenCalledWith(target);
  });

  it("keeps the bucket and lists the keys S3 refused", async () => {
    const bucketDelete = vi.fn();
    const { user } = setup({
      bucketCount: async () => counted,
      bucketEmpty: async () => ({
        progress: { deleted: 5, failed: 1, uploads_aborted: 1 },
        failures: [{
          key: "locked.pdf",
          version_id: "v1",
          error: { code: "access_denied", message: "Access denied: these credentials lack the permission s3:DeleteObjectVersion.", hint: "Object Lock keeps this version until 2100.", field: null },
        }],
        cancelled: false,
      }),
      bucketDelete,
    });
    await user.type(await screen.findByLabelText("Type the bucket name to confirm"), "reports");
    await user.click(screen.getByRole("button", { name: "Empty and delete bucket" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("refused to delete 1 key, so the bucket was kept");
    expect(alert.textContent).toContain("locked.pdf");
    const refused = within(alert).getByRole("list", { name: "Keys not deleted" });
    expect(refused.textContent).toContain("locked.pdf (version v1): Access denied");
    expect(refused.textContent).toContain("Object Lock keeps this version until 2100.");
    expect(bucketDelete).not.toHaveBeenCalled();
  });

  it("stops emptying when asked and says what was deleted", async () => {
    let finish: (r: DeleteReport) => void = () => {};
    const operationCancel = vi.fn(async () => {
      finish({ progress: { deleted: 1000, failed: 0, uploads_aborted: 0 }, failures: [], cancelled: true });
    });
    const { user } = setup({
      bucketCount: async () => ({ ...counted, objects: 5000 }),
      bucketEmpty: () => new Promise((resolve) => (finish = resolve)),
      operationCancel,
    });
    await user.type(await screen.findByLabelText("Type the bucket name to confirm"), "reports");
    await user.click(screen.getByRole("button", { name: "Empty and delete bucket" }));
    await user.click(await screen.findByRole("button", { name: "Stop" }));
    expect(operationCancel).toHaveBeenCalled();
    expect((await screen.findByRole("alert")).textContent).toContain("Stopped: 1,000 keys were deleted; everything else is intact");
  });
});
