import { describe, expect, it } from "vitest";
import { fakeBackend } from "../ipc/fake-backend";
import type { BucketRef } from "../ipc/backend";
import { formatDuration, secondsLeft, TransfersState } from "./transfers.svelte";

const ref: BucketRef = { key: { kind: "sandbox" }, bucket: "b", region: null };

function queued(state: TransfersState, n: number) {
  state.apply(ref, "upload", {
    kind: "queued",
    files: Array.from({ length: n }, (_, i) => ({ id: `x:${i}`, bucket: "b", key: `dir/f${i}`, path: `/tmp/f${i}`, size: 100, accelerated: false })),
  });
}

describe("transfers", () => {
  it("follows a file from queued to done, with a smoothed speed", () => {
    let now = 0;
    const state = new TransfersState(fakeBackend({}), () => now);
    queued(state, 2);
    state.apply(ref, "upload", { kind: "started", id: "x:0", size: 100 });
    now = 1000;
    state.apply(ref, "upload", { kind: "progress", files: [{ id: "x:0", bytes: 40 }] });
    expect(state.files[0]).toMatchObject({ state: "running", bytes: 40, speed: 40 });
    now = 2000;
    state.apply(ref, "upload", { kind: "progress", files: [{ id: "x:0", bytes: 60 }] });
    expect(state.files[0].speed).toBeCloseTo(40 * 0.7 + 20 * 0.3);
    expect(state.totals).toMatchObject({ size: 200, bytes: 60, active: 2, done: 0 });

    state.apply(ref, "upload", { kind: "finished", id: "x:0", outcome: { state: "done", size: 100, parts_sent: 3, parts: 8 } });
    expect(state.files[0]).toMatchObject({ state: "done", bytes: 100, speed: 0, detail: "resumed: 3 of 8 parts sent" });
    expect(state.totals).toMatchObject({ bytes: 100, active: 1, done: 1 });

    // The sums are kept as files come and go, never summed again: they match a recount.
    expect(state.totals.speed).toBe(0);
    state.clearFinished();
    expect(state.totals).toEqual({ size: 100, bytes: 0, speed: 0, active: 1, done: 0, failed: 0, count: 1 });
  });

  it("keeps a failed upload's journal id so Resume sends only what is missing", async () => {
    const calls: string[] = [];
    const state = new TransfersState(
      fakeBackend({
        transferResume: async (id) => {
          calls.push(`resume ${id}`);
        },
        operationCancel: async (id) => {
          calls.push(`cancel ${id}`);
        },
      }),
    );
    queued(state, 1);
    state.cancel(state.files[0]);
    const error = { code: "unreachable" as const, message: "Could not reach it.", hint: null, field: null };
    state.apply(ref, "upload", { kind: "finished", id: "x:0", outcome: { state: "failed", error, resumable: "j1" } });
    expect(state.files[0]).toMatchObject({ state: "failed", resumable: "j1" });
    await state.retry(state.files[0]);
    expect(calls).toEqual(["cancel x:0", "resume j1"]);
    expect(state.files).toEqual([]);
  });

  it("retries a failed download into the same file, with the same version and permission to replace", async () => {
    const asked: unknown[] = [];
    const error = { code: "unreachable" as const, message: "The connection dropped.", hint: null, field: null };
    const state = new TransfersState(
      fakeBackend({
        transferDownload: async (_ref, objects, _folders, overwrite, batch, onEvent) => {
          asked.push({ objects, overwrite });
          if (asked.length > 1) return;
          onEvent({ kind: "queued", files: [{ id: `${batch}:0`, bucket: "b", key: "v.bin", path: "/tmp/v.bin", size: 9, accelerated: false }] });
          onEvent({ kind: "finished", id: `${batch}:0`, outcome: { state: "failed", error, resumable: null } });
        },
      }),
    );
    await state.download(ref, [{ key: "v.bin", version_id: "v1", destination: "/tmp/v.bin", size: 9 }], [], true);
    expect(state.files[0]).toMatchObject({ state: "failed", again: { kind: "download", versionId: "v1", overwrite: true } });
    await state.retry(state.files[0]);
    expect(asked[1]).toEqual({ objects: [{ key: "v.bin", version_id: "v1", destination: "/tmp/v.bin", size: 9 }], overwrite: true });
  });

  it("retries a failed upload with the tags, metadata and storage class it was sent with", async () => {
    const asked: unknown[] = [];
    const error = { code: "unreachable" as const, message: "The connection dropped.", hint: null, field: null };
    const options = { storage_class: "STANDARD_IA", content_type: null, metadata: [["team", "data"]] as [string, string][], tags: [["env", "prod"]] as [string, string][] };
    const state = new TransfersState(
      fakeBackend({
        transferUpload: async (_ref, prefix, paths, sent, batch, onEvent) => {
          asked.push({ prefix, paths, sent });
          if (asked.length > 1) return;
          onEvent({ kind: "queued", files: [{ id: `${batch}:0`, bucket: "b", key: "in/a.csv", path: "/tmp/a.csv", size: 9, accelerated: false }] });
          onEvent({ kind: "finished", id: `${batch}:0`, outcome: { state: "failed", error, resumable: null } });
        },
      }),
    );
    await state.upload(ref, "in/", ["/tmp/a.csv"], options);
    expect(state.files[0].state).toBe("failed");
    await state.retry(state.files[0]);
    expect(asked[1]).toEqual({ prefix: "in/", paths: ["/tmp/a.csv"], sent: options });
  });

  it("offers the downloads an earlier session left unfinished, to continue or discard", async () => {
    const asked: unknown[] = [];
    const discarded: string[] = [];
    const left = (key: string) => ({
      connection: { kind: "sandbox" as const }, bucket: "b", region: "us-east-1", key, version_id: "v2",
      destination: `/home/me/${key}`, overwrite: false, size: 9, started_ms: 1,
    });
    const state = new TransfersState(
      fakeBackend({
        transferUnfinished: async () => [],
        transferUnfinishedDownloads: async () => [left("a.bin"), left("b.bin")],
        transferDownload: async (_ref, objects, _folders, overwrite) => {
          asked.push({ objects, overwrite });
        },
        transferDiscardDownload: async (destination) => {
          discarded.push(destination);
        },
      }),
    );
    await state.loadUnfinished();
    expect(state.unfinishedDownloads.map((d) => d.key)).toEqual(["a.bin", "b.bin"]);
    await state.continueDownload(state.unfinishedDownloads[0]);
    expect(asked).toEqual([{ objects: [{ key: "a.bin", version_id: "v2", destination: "/home/me/a.bin", size: 9 }], overwrite: false }]);
    await state.discardDownload(state.unfinishedDownloads[0]);
    expect(discarded).toEqual(["/home/me/b.bin"]);
    expect(state.unfinishedDownloads).toEqual([]);
  });

  it("handles a batch of 10 000 files", () => {
    const state = new TransfersState(fakeBackend({}));
    queued(state, 10_000);
    state.apply(ref, "upload", { kind: "started", id: "x:9999", size: 100 });
    state.apply(ref, "upload", { kind: "progress", files: [{ id: "x:9999", bytes: 50 }] });
    expect(state.totals).toMatchObject({ count: 10_000, bytes: 50 });
  });

  it("says how long is left", () => {
    expect(formatDuration(secondsLeft(100, 0))).toBe("");
    expect(formatDuration(secondsLeft(100, 10))).toBe("10 s left");
    expect(formatDuration(secondsLeft(6000, 10))).toBe("10 min left");
  });
});

describe("pausing", () => {
  it("keeps a paused upload's journal id, so Resume continues it and Discard aborts it", async () => {
    const calls: string[] = [];
    const state = new TransfersState(
      fakeBackend({
        transferPause: async (id) => {
          calls.push(`pause ${id}`);
        },
        transferDiscard: async (id) => {
          calls.push(`discard ${id}`);
        },
      }),
    );
    queued(state, 2);
    state.pause(state.files[0]);
    state.apply(ref, "upload", { kind: "finished", id: "x:0", outcome: { state: "paused", resumable: "j0" } });
    state.apply(ref, "upload", { kind: "finished", id: "x:1", outcome: { state: "paused", resumable: null } });
    expect(state.files.map((f) => [f.state, f.resumable])).toEqual([["paused", "j0"], ["paused", null]]);
    await state.discardFile(state.files[0]);
    expect(calls).toEqual(["pause x:0", "discard j0"]);
    expect(state.files.map((f) => f.id)).toEqual(["x:1"]);
  });
});
