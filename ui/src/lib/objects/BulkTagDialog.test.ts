import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import BulkTagDialog from "./BulkTagDialog.svelte";
import { fakeBackend } from "../ipc/fake-backend";
import type { TagChangeInput } from "../ipc/bindings";

const target = { key: { kind: "sandbox" as const }, bucket: "b", region: null };

describe("tagging many objects", () => {
  it("adds one tag to every selected object and lists the ones S3 refused", async () => {
    const asked: [string[], TagChangeInput][] = [];
    const backend = fakeBackend({
      objectTagsChange: async (_ref, keys, change, _operation, onProgress) => {
        asked.push([keys, change]);
        onProgress(2);
        return { changed: 1, failures: [{ key: "b.csv", version_id: null, error: { code: "invalid_input", message: "An object can have at most 10 tags; this set has 11.", hint: null, field: "tags" } }], cancelled: false };
      },
    });
    render(BulkTagDialog, { props: { backend, target, keys: ["a.csv", "b.csv"], ondone: () => {}, onclose: () => {} } });
    const user = userEvent.setup();
    expect((screen.getByRole("button", { name: "Apply" }) as HTMLButtonElement).disabled).toBe(true);
    await user.type(screen.getByLabelText("Tag name"), "reviewed");
    await user.type(screen.getByLabelText("Value"), "yes");
    await user.click(screen.getByRole("button", { name: "Apply" }));
    expect(asked).toEqual([[["a.csv", "b.csv"], { kind: "put", key: "reviewed", value: "yes" }]]);
    expect(await screen.findByText(/at most 10 tags/)).toBeTruthy();
    expect(screen.getByText("2 of 2 done.")).toBeTruthy();
  });
});
