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

  it("a late failure of a load since replaced does not replace the fresh list or settings", async () => {
    // The connection's endpoint was dead and is being retried when it is saved with a working
    // one: the new load answers first, the old one fails afterwards.
    const unreachable = { code: "unreachable", message: "Could not reach http://127.0.0.1:9: the connection was refused or dropped.", hint: null, field: null };
    const late: ((error: unknown) => void)[] = [];
    const stalled = <T,>() => new Promise<T>((_, reject) => late.push(reject));
    let lists = 0;
    let settings = 0;
    const state = new BucketsState(
      fakeBackend({
        bucketList: async () => (++lists === 1 ? stalled() : [{ name: "reports", region: "eu-west-1", created_ms: null }]),
        bucketExposure: async () => ({ public: false, sentence: "Not public." }),
        bucketSettings: async () => (++settings === 1 ? stalled() : { versioning: "enabled" as const, object_lock: null, public: false }),
        bucketUnfinishedUploads: async () => [],
        bucketAcceleration: async () => ({ status: null, unavailable: "no", used_by_connection: true }),
      }),
    );
    render(BucketList, { props: { state, onopen: () => {} } });
    const key = { kind: "saved" as const, id: "1" };
    const dead = state.load(key);
    await state.load(key);
    expect(await screen.findByText("reports")).toBeTruthy();
    const firstSelect = state.select("reports");
    await state.select("reports");
    expect(state.settings?.versioning).toBe("enabled");

    for (const reject of late) reject(unreachable);
    await dead;
    await firstSelect;
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByText("reports")).toBeTruthy();
    expect(state.error).toBeNull();
    expect(state.settingsError).toBeNull();
    expect(state.settings?.versioning).toBe("enabled");
  });
});
