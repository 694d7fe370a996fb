import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import UploadDialog from "./UploadDialog.svelte";
import { fakeBackend } from "../ipc/fake-backend";
import type { UploadOptionsInput } from "../ipc/bindings";

describe("upload dialog", () => {
  it("uploads the chosen files with a storage class, metadata and tags", async () => {
    const uploads: [string[], UploadOptionsInput][] = [];
    const backend = fakeBackend({ dialogPickFiles: async () => ["/home/me/a.csv", "/home/me/b.csv"] });
    render(UploadDialog, {
      props: {
        backend,
        target: { key: { kind: "sandbox" }, bucket: "b", region: null },
        prefix: "in/",
        onupload: (paths, options) => uploads.push([paths, options]),
        onclose: () => {},
      },
    });
    const user = userEvent.setup();
    expect((screen.getByRole("button", { name: "Upload" }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole("button", { name: "Add files…" }));
    await screen.findByText("/home/me/b.csv");
    await user.selectOptions(screen.getByLabelText("Storage class"), "STANDARD_IA");
    await user.click(screen.getByRole("button", { name: "Add metadata" }));
    await user.type(screen.getByLabelText("Metadata name 1"), "origin");
    await user.type(screen.getByLabelText("Metadata value 1"), "lab");
    await user.click(screen.getByRole("button", { name: "Add tag" }));
    await user.type(screen.getByLabelText("Tags name 1"), "team");
    await user.type(screen.getByLabelText("Tags value 1"), "data");
    await user.click(screen.getByRole("button", { name: "Add tag" }));
    await user.click(screen.getByRole("button", { name: "Upload" }));

    expect(uploads).toEqual([
      [
        ["/home/me/a.csv", "/home/me/b.csv"],
        { storage_class: "STANDARD_IA", content_type: null, metadata: [["origin", "lab"]], tags: [["team", "data"]] },
      ],
    ]);
  });
});
