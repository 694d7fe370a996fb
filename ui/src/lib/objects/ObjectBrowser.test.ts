// The browser with a fake backend: the Tags column (read for the rows on screen only, once)
// and sorting.
import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ObjectBrowser from "./ObjectBrowser.svelte";
import { BrowserState } from "./browser.svelte";
import { fakeBackend } from "../ipc/fake-backend";
import { TAGS_SETTLE_MS } from "./tags-column";

const ref = { key: { kind: "sandbox" as const }, bucket: "reports", region: null };
const object = (key: string) => ({ key, size: 10, last_modified_ms: 0, storage_class: "STANDARD" });
const noop = () => {};
const settle = () => new Promise((resolve) => setTimeout(resolve, TAGS_SETTLE_MS * 3));

/** Renders the browser with no-op actions; returns its list of objects. */
function show(browser: BrowserState): HTMLElement {
  render(ObjectBrowser, {
    props: { browser, onbuckets: noop, onnewfolder: noop, ondelete: noop, oncopy: noop, onupload: noop, ondownload: noop, onshare: noop, ontag: noop, onsync: noop },
  });
  return screen.getByRole("listbox", { name: "Objects in reports/" });
}

describe("the Tags column", () => {
  it("reads the tags of the objects on screen in one call, and not again once read", async () => {
    const calls: string[][] = [];
    const backend = fakeBackend({
      objectList: async () => ({ folders: ["2024/"], objects: [object("a.csv"), object("b.csv"), object("c.csv")], next: null, cut_short: false }),
      objectTagsMany: async (_ref, keys) => {
        calls.push(keys);
        return keys.map((key) =>
          key === "a.csv"
            ? { key, tags: [["team", "data"]], problem: null }
            : key === "b.csv"
              ? { key, tags: null, problem: "Access denied: s3:GetObjectTagging" }
              : { key, tags: [], problem: null },
        );
      },
    });
    const browser = new BrowserState(backend, ref);
    await browser.open("");
    const list = show(browser);
    await within(list).findByText("c.csv");
    await settle();
    expect(calls).toEqual([]);
    expect(screen.queryByText("Tags")).toBeNull();

    const user = userEvent.setup();
    const toggle = screen.getByLabelText("Show tags") as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    await user.click(toggle);
    expect(screen.getByText("Tags")).toBeTruthy();
    expect(await within(list).findByText("team=data")).toBeTruthy();
    expect(calls).toEqual([["a.csv", "b.csv", "c.csv"]]);
    const failed = within(list).getByTitle("Access denied: s3:GetObjectTagging");
    expect(failed.textContent).toBe("—");
    expect(within(list).queryByText("…")).toBeNull();

    await user.click(toggle);
    expect(within(list).queryByText("team=data")).toBeNull();
    await user.click(toggle);
    expect(within(list).getByText("team=data")).toBeTruthy();
    await settle();
    expect(calls).toHaveLength(1);
  });

  it("shows rows being read as loading, and reads again after a refresh or a tag edit", async () => {
    const calls: string[][] = [];
    let answer: (() => void) | null = null;
    let team = "data";
    const backend = fakeBackend({
      objectList: async () => ({ folders: [], objects: [object("a.csv")], next: null, cut_short: false }),
      objectTagsMany: (_ref, keys) => {
        calls.push(keys);
        return new Promise((resolve) => {
          answer = () => resolve(keys.map((key) => ({ key, tags: [["team", team]], problem: null })));
        });
      },
    });
    const browser = new BrowserState(backend, ref);
    browser.setShowTags(true);
    await browser.open("");
    const list = show(browser);
    expect(within(list).getByText("…")).toBeTruthy();
    await settle();
    expect(calls).toEqual([["a.csv"]]);
    answer!();
    expect(await within(list).findByText("team=data")).toBeTruthy();

    team = "ops";
    browser.invalidateTags(["a.csv"]);
    await settle();
    expect(calls).toHaveLength(2);
    answer!();
    expect(await within(list).findByText("team=ops")).toBeTruthy();

    await userEvent.setup().click(screen.getByRole("button", { name: "Refresh" }));
    await settle();
    expect(calls).toHaveLength(3);
    answer!();
    expect(await within(list).findByText("team=ops")).toBeTruthy();
  });
});

describe("tags read for the browser", () => {
  it("drops an answer that comes after the listing was refreshed or the key's tags changed", async () => {
    const answers: ((team: string) => void)[] = [];
    const backend = fakeBackend({
      objectList: async () => ({ folders: [], objects: [object("a.csv")], next: null, cut_short: false }),
      objectTagsMany: (_ref, keys) =>
        new Promise((resolve) => answers.push((team) => resolve(keys.map((key) => ({ key, tags: [["team", team]], problem: null }))))),
    });
    const browser = new BrowserState(backend, ref);
    browser.setShowTags(true);
    await browser.open("");

    const stale = browser.loadTagsOf(browser.shown);
    // Being read: not asked for again.
    await browser.loadTagsOf(browser.shown);
    expect(answers).toHaveLength(1);
    await browser.open("");
    answers[0]("old");
    await stale;
    expect(browser.tagsOf.has("a.csv")).toBe(false);

    const edited = browser.loadTagsOf(browser.shown);
    browser.invalidateTags(["a.csv"]);
    answers[1]("old");
    await edited;
    expect(browser.tagsOf.has("a.csv")).toBe(false);

    const fresh = browser.loadTagsOf(browser.shown);
    answers[2]("new");
    await fresh;
    expect(browser.tagsOf.get("a.csv")).toEqual({ tags: [["team", "new"]], problem: null });
  });
});

describe("sorting", () => {
  it("is reached by keyboard and says its order", async () => {
    const sized = (key: string, size: number) => ({ ...object(key), size });
    const backend = fakeBackend({
      objectList: async () => ({ folders: [], objects: [sized("a.bin", 30), sized("b.bin", 10), sized("c.bin", 20)], next: null, cut_short: false }),
    });
    const browser = new BrowserState(backend, ref);
    await browser.open("");
    const list = show(browser);
    await within(list).findByText("c.bin");
    const bySize = screen.getByRole("button", { name: "Sort by size" });
    bySize.focus();
    await userEvent.setup().keyboard("{Enter}");
    expect(screen.getByRole("button", { name: "Sort by size, ascending" })).toBe(bySize);
    expect(within(list).getAllByRole("option").map((o) => o.textContent?.match(/\w\.bin/)?.[0])).toEqual(["b.bin", "c.bin", "a.bin"]);
  });
});

describe("the count under the list", () => {
  it("says 1 item, not 1 items, and counts what the filter keeps", async () => {
    const backend = fakeBackend({
      objectList: async () => ({ folders: [], objects: [object("only.csv")], next: null, cut_short: false }),
    });
    const browser = new BrowserState(backend, ref);
    await browser.open("");
    show(browser);
    const status = () => screen.getAllByRole("status").map((s) => s.textContent?.trim()).join(" | ");
    expect(status()).toContain("1 item");
    expect(status()).not.toContain("1 items");

    browser.rows = [...browser.rows, { ...browser.rows[0], id: "other.csv", key: "other.csv", name: "other.csv" }];
    browser.filter = "only";
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(status()).toContain("1 of 2 items");
  });
});
