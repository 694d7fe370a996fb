import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ShareDialog from "./ShareDialog.svelte";
import { fakeBackend } from "../ipc/fake-backend";

const target = { key: { kind: "sandbox" as const }, bucket: "b", region: null };
const props = { target, objectKey: "docs/a.pdf", versionId: null, history: [], onclose: () => {}, onshared: () => {}, onclearhistory: () => {} };

describe("share dialog", () => {
  it("makes a link as it opens, so Copy is the second click", async () => {
    const asked: number[] = [];
    const copied: string[] = [];
    const backend = fakeBackend({
      shareDownloadLink: async (_ref, _key, _version, seconds) => {
        asked.push(seconds);
        return { url: `https://host/b/docs/a.pdf?X-Amz-Expires=${seconds}`, expires_at_ms: Date.UTC(2030, 0, 1), shortened_by_credentials: false, curl: null };
      },
      clipboardWrite: async (text) => {
        copied.push(text);
      },
    });
    render(ShareDialog, { props: { ...props, backend } });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Copy link" }));
    expect(copied).toEqual(["https://host/b/docs/a.pdf?X-Amz-Expires=3600"]);
    expect(await screen.findByText(/Copied\. Works until/)).toBeTruthy();

    // A new expiry: the old link can no longer be copied, and the new one is made without
    // asking for it.
    await user.clear(screen.getByLabelText("Link works for"));
    await user.type(screen.getByLabelText("Link works for"), "10");
    await user.selectOptions(screen.getByLabelText("Unit"), "minutes");
    const copy = screen.getByRole("button", { name: "Copy link" }) as HTMLButtonElement;
    expect(copy.disabled).toBe(true);
    expect(screen.queryByDisplayValue(/X-Amz-Expires=3600/)).toBeNull();
    await screen.findByDisplayValue("https://host/b/docs/a.pdf?X-Amz-Expires=600");
    await user.click(copy);
    expect(copied).toEqual(["https://host/b/docs/a.pdf?X-Amz-Expires=3600", "https://host/b/docs/a.pdf?X-Amz-Expires=600"]);
    expect(asked[0]).toBe(3600);
    expect(asked.at(-1)).toBe(600);
  });

  it("a download name typed is in the link that is copied", async () => {
    const names: (string | null)[] = [];
    const copied: string[] = [];
    const backend = fakeBackend({
      shareDownloadLink: async (_ref, _key, _version, _seconds, downloadAs) => {
        names.push(downloadAs);
        return { url: `https://host/x?as=${downloadAs ?? ""}`, expires_at_ms: Date.UTC(2030, 0, 1), shortened_by_credentials: false, curl: null };
      },
      clipboardWrite: async (text) => {
        copied.push(text);
      },
    });
    render(ShareDialog, { props: { ...props, backend } });
    const user = userEvent.setup();
    await screen.findByDisplayValue("https://host/x?as=");
    await user.type(screen.getByLabelText("Download as (optional file name)"), "report.pdf");
    await screen.findByDisplayValue("https://host/x?as=report.pdf");
    await user.click(screen.getByRole("button", { name: "Copy link" }));
    expect(copied).toEqual(["https://host/x?as=report.pdf"]);
  });

  it("refuses more than 7 days before asking, and warns when temporary credentials cut a link short", async () => {
    const backend = fakeBackend({
      shareDownloadLink: async () => ({ url: "https://host/x", expires_at_ms: Date.now() + 600_000, shortened_by_credentials: true, curl: null }),
    });
    render(ShareDialog, { props: { ...props, backend } });
    const user = userEvent.setup();
    expect(await screen.findByText(/temporary: the link stops working when they expire/)).toBeTruthy();

    await user.clear(screen.getByLabelText("Link works for"));
    await user.type(screen.getByLabelText("Link works for"), "8");
    await user.selectOptions(screen.getByLabelText("Unit"), "days");
    expect(await screen.findByText(/A link can work at most 7 days/)).toBeTruthy();
    expect((screen.getByRole("button", { name: "Make link" }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole("button", { name: "Copy link" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("offers links through Transfer Acceleration only where the bucket has it on", async () => {
    const via: boolean[] = [];
    const link = (accelerated: boolean) => ({ url: accelerated ? "https://b.s3-accelerate.amazonaws.com/x" : "https://b.s3.amazonaws.com/x", expires_at_ms: Date.UTC(2030, 0, 1), shortened_by_credentials: false, curl: null });
    const backend = (status: string) =>
      fakeBackend({
        bucketAcceleration: async () => ({ status, unavailable: null, used_by_connection: true }),
        shareDownloadLink: async (_r, _k, _v, _s, _d, accelerated) => {
          via.push(accelerated);
          return link(accelerated);
        },
      });
    const first = render(ShareDialog, { props: { ...props, backend: backend("suspended") } });
    await screen.findByDisplayValue("https://b.s3.amazonaws.com/x");
    expect(screen.queryByLabelText(/Through Transfer Acceleration/)).toBeNull();
    first.unmount();

    render(ShareDialog, { props: { ...props, backend: backend("enabled") } });
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText(/Through Transfer Acceleration/));
    await screen.findByDisplayValue("https://b.s3-accelerate.amazonaws.com/x");
    expect(via).toEqual([false, false, true]);
  });
});
