import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ObjectAccess from "./ObjectAccess.svelte";
import { fakeBackend } from "../ipc/fake-backend";

const target = { key: { kind: "sandbox" as const }, bucket: "b", region: null };

describe("making one object public", () => {
  it("explains a bucket without ACLs and offers the policy route", async () => {
    const policyFor: string[] = [];
    const backend = fakeBackend({
      accessMakeObjectPublic: () =>
        Promise.reject({
          code: "acl_not_allowed",
          message: "The bucket b does not accept this ACL: ACLs are disabled by its Object Ownership setting (bucket owner enforced).",
          hint: "Grant access with a bucket policy instead, or choose Object Ownership \"Bucket owner preferred\" or \"Object writer\" to use ACLs.",
          field: null,
        }),
      accessGrants: async () => [{ grantee: "Everyone (AllUsers)", permission: "READ" }],
    });
    render(ObjectAccess, { props: { backend, target, objectKey: "docs/poster.png", onpolicy: (k: string) => policyFor.push(k) } });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Make public with an ACL…" }));
    expect(screen.getByText(/Anyone on the internet will be able to read poster\.png/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Make it public" }));
    expect(await screen.findByText(/ACLs are disabled by its Object Ownership/)).toBeTruthy();
    expect(screen.getByText(/Grant access with a bucket policy instead/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Make public with a policy…" }));
    expect(policyFor).toEqual(["docs/poster.png"]);
    await user.click(screen.getByRole("button", { name: "Who can read it?" }));
    expect(await screen.findByText("Everyone (AllUsers): READ")).toBeTruthy();
  });
});
