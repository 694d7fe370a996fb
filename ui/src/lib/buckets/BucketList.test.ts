import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/svelte";
import BucketList from "./BucketList.svelte";
import { BucketsState } from "./buckets.svelte";
import { fakeBackend } from "../ipc/fake-backend";

describe("bucket list", () => {
  it("marks public buckets with a badge that says why, and no other", async () => {
    const asked: string[] = [];
    const state = new BucketsState(
      fakeBackend({
        bucketList: async () => ["site", "vault", "odd"].map((name) => ({ name, region: "eu-west-1", created_ms: null })),
        bucketExposure: async (ref) => {
          asked.push(ref.bucket);
          if (ref.bucket === "odd") throw { code: "AccessDenied", message: "no", hint: null };
          return ref.bucket === "site"
            ? { public: true, sentence: "Public: the bucket policy lets anyone in (statement 1), and Block Public Access is off." }
            : { public: false, sentence: "Not public: Block Public Access is fully on." };
        },
      }),
    );
    render(BucketList, { props: { state, onopen: () => {} } });
    await state.load({ kind: "saved", id: "1" });
    const badge = await screen.findByText("Public");
    expect(badge.getAttribute("title")).toContain("statement 1");
    const rows = screen.getAllByRole("row");
    expect(within(rows.find((r) => r.textContent?.includes("site"))!).queryByText("Public")).toBeTruthy();
    expect(within(rows.find((r) => r.textContent?.includes("vault"))!).queryByText("Public")).toBeNull();
    expect(within(rows.find((r) => r.textContent?.includes("odd"))!).queryByText("Public")).toBeNull();
    expect(asked.sort()).toEqual(["odd", "site", "vault"]);
  });
});
