import { describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import type { SyncOptionsInput, SyncPlanView } from "../ipc/bindings";
import { fakeBackend } from "../ipc/fake-backend";
import SyncDialog from "./SyncDialog.svelte";

const target = { key: { kind: "sandbox" as const }, bucket: "photos", region: "us-east-1" };

function planned(id: string, deleted: number): SyncPlanView {
  return {
    id,
    direction: "up",
    totals: { new: 1, changed: 1, extra: 2, deleted, same: 1, problems: 0, bytes: 3 * 1024 * 1024, requests_made: 1, requests_to_make: 2 + (deleted > 0 ? 1 : 0) },
    items: [
      { name: "a.jpg", action: "new", size: 1024 * 1024, note: null },
      { name: "b.jpg", action: "changed", size: 2 * 1024 * 1024, note: null },
      { name: "old/c.jpg", action: "extra", size: 10, note: null },
      { name: "old/d.jpg", action: "extra", size: 10, note: null },
      { name: "same.jpg", action: "same", size: 5, note: null },
    ],
    problems: [],
    versioned: true,
    empty_folders: 0,
  };
}

function setup(deleteExtras: boolean) {
  const asked: [string, string, SyncOptionsInput][] = [];
  const backend = fakeBackend({
    syncPreview: async (_ref, _prefix, folder, direction, options, operation) => {
      asked.push([folder, direction, options]);
      return planned(operation, deleteExtras ? 2 : 0);
    },
  });
  const onrun = vi.fn();
  render(SyncDialog, { props: { backend, target, prefix: "2024/", dropped: "/home/me/Pictures", onrun, onclose: () => {} } });
  return { asked, onrun, user: userEvent.setup() };
}

describe("the sync dialog", () => {
  it("previews a dropped folder: counts, what each name becomes, the same ones on request", async () => {
    const { asked, onrun, user } = setup(false);
    expect((screen.getByLabelText("Folder") as HTMLInputElement).value).toBe("/home/me/Pictures");
    await user.type(screen.getByLabelText("Leave out"), "*.tmp, node_modules");
    await user.click(screen.getByRole("button", { name: "Preview" }));
    const summary = await screen.findByText(/1 new, 1 changed: 3\.0 MiB to upload; 2 extra, kept; 1 the same\./);
    expect(summary.textContent).toContain("1 request made, about 2 to make.");
    expect(asked).toEqual([["/home/me/Pictures", "up", { compare: "size_and_time", delete: false, excludes: ["*.tmp", "node_modules"], hidden: false }]]);
    const table = screen.getByRole("table", { name: "Sync preview" });
    const names = () => within(table).getAllByRole("row").slice(1).map((r) => r.children[1].textContent);
    expect(names()).toEqual(["a.jpg", "b.jpg", "old/c.jpg", "old/d.jpg"]);
    await user.click(screen.getByRole("button", { name: "Same (1)" }));
    expect(names()).toContain("same.jpg");
    await user.click(screen.getByRole("button", { name: "Sync" }));
    expect(onrun).toHaveBeenCalledWith(expect.any(String), "up");
  });

  it("asks before deleting, naming how many go; a changed option asks for a new preview", async () => {
    const { onrun, user } = setup(true);
    await user.click(screen.getByLabelText(/Delete extras/));
    await user.click(screen.getByRole("button", { name: "Preview" }));
    await screen.findByText(/2 extra, to delete/);
    expect(screen.getByText("The bucket keeps versions: deleted objects stay as older versions.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Sync" }));
    expect(onrun).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toBe("This deletes 2 objects from photos/2024/.");
    await user.click(screen.getByRole("button", { name: "Delete 2 objects and sync" }));
    await waitFor(() => expect(onrun).toHaveBeenCalledTimes(1));

    await user.click(screen.getByLabelText(/Include hidden files/));
    expect(screen.queryByRole("table", { name: "Sync preview" })).toBeNull();
    expect((screen.getByRole("button", { name: "Sync" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
