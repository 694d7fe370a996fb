import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import BucketDetails from "./BucketDetails.svelte";
import { BucketsState } from "./buckets.svelte";
import { fakeBackend } from "../ipc/fake-backend";
import type { Backend } from "../ipc/backend";

async function opened(answers: Partial<Backend>) {
  const state = new BucketsState(
    fakeBackend({
      bucketList: async () => [{ name: "media", region: "eu-west-1", created_ms: null }],
      bucketSettings: async () => ({ versioning: "off", object_lock: null, public: false }),
      bucketUnfinishedUploads: async () => [],
      ...answers,
    }),
  );
  await state.load({ kind: "saved", id: "1" }, "media");
  render(BucketDetails, { props: { state, ondelete: () => {}, onpermissions: () => {} } });
  return userEvent.setup();
}

describe("bucket details: Transfer Acceleration", () => {
  it("lets the connection decline it, and compares both endpoints' speeds", async () => {
    const choices: boolean[] = [];
    const user = await opened({
      bucketAcceleration: async () => ({ status: "enabled", unavailable: null, used_by_connection: true }),
      connectionUseAcceleration: async (_key, used) => {
        choices.push(used);
      },
      bucketCompareAcceleration: async () => ({ regional_mib_s: 10, accelerated_mib_s: 25, sample_bytes: 8 * 1024 * 1024 }),
    });
    const use = (await screen.findByLabelText(/Use it for this connection's transfers/)) as HTMLInputElement;
    expect(use.checked).toBe(true);
    await user.click(use);
    expect(choices).toEqual([false]);
    expect(use.checked).toBe(false);
    expect(await screen.findByText(/this connection's transfers go to the regional endpoint/)).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Compare speeds" }));
    expect((await screen.findByText(/regional 10\.0 MiB\/s, accelerated 25\.0 MiB\/s — 2\.5× faster/)).textContent).toContain("8.0 MiB");
  });

  it("says why it cannot be used instead of offering it", async () => {
    await opened({
      bucketAcceleration: async () => ({ status: null, unavailable: "Transfer Acceleration cannot be used with my.media: AWS does not allow it for bucket names that contain dots.", used_by_connection: true }),
    });
    expect(await screen.findByText(/contain dots/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Compare speeds" })).toBeNull();
    expect(screen.queryByLabelText(/Use it for this connection's transfers/)).toBeNull();
  });
});
