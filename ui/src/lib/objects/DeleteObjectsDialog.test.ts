// Deleting chosen versions from the versions view: said to be for good, sent by version id.
import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { fakeBackend } from "../ipc/fake-backend";
import DeleteObjectsDialog from "./DeleteObjectsDialog.svelte";
import type { Row } from "./rows";

const target = { key: { kind: "sandbox" as const }, bucket: "reports", region: "us-east-1" };
const version = (versionId: string, deleteMarker = false): Row => ({
  id: `doc.txt ${versionId}`, key: "doc.txt", name: "doc.txt", folder: false, size: 5, lastModifiedMs: 0,
  storageClass: "STANDARD", versionId, deleteMarker, isLatest: deleteMarker,
});
const folder: Row = { ...version("x"), id: "old/", key: "old/", name: "old/", folder: true, versionId: null };

describe("DeleteObjectsDialog", () => {
  it("deletes the chosen versions for good, saying so, and leaves folders alone", async () => {
    const asked: unknown[] = [];
    const ondone = vi.fn();
    render(DeleteObjectsDialog, {
      props: {
        backend: fakeBackend({
          objectDelete: async (_ref, selection) => {
            asked.push(selection);
            return { progress: { deleted: 2, failed: 0, uploads_aborted: 0 }, failures: [], cancelled: false };
          },
        }),
        target,
        rows: [version("m1", true), version("v2"), folder],
        ondone,
        onclose: vi.fn(),
      },
    });
    expect(await screen.findByRole("heading", { name: "Delete 2 versions from reports for good?" })).toBeTruthy();
    expect(screen.getByText(/deleted permanently: they cannot be restored/)).toBeTruthy();
    expect(screen.getByText(/Deleting a delete marker brings back the version under it/)).toBeTruthy();
    await userEvent.setup().click(screen.getByRole("button", { name: "Delete" }));
    expect(asked).toEqual([
      { keys: [], folders: [], versions: [{ key: "doc.txt", version_id: "m1" }, { key: "doc.txt", version_id: "v2" }] },
    ]);
    expect(ondone).toHaveBeenCalled();
  });
});
