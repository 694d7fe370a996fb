import { describe, expect, it } from "vitest";
import type { ConnectionDraftInput } from "../ipc/bindings";
import { validateDraft } from "./validation";

const good: ConnectionDraftInput = {
  name: "Work",
  access_key_id: "AKIAIOSFODNN7EXAMPLE",
  secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  region: "eu-west-1",
  endpoint_url: "",
  path_style: false,
};

const check = (change: Partial<ConnectionDraftInput>, isNew = true, takenNames: string[] = []) =>
  validateDraft({ ...good, ...change }, { isNew, takenNames });

describe("validateDraft", () => {
  it("accepts a complete Amazon S3 draft", () => {
    expect(check({})).toEqual({});
  });

  it("accepts an S3-compatible endpoint with a port and a trailing slash", () => {
    expect(check({ endpoint_url: "http://127.0.0.1:9000/", path_style: true })).toEqual({});
  });

  it.each([
    [{ name: "  " }, "name"],
    [{ name: "x".repeat(65) }, "name"],
    [{ access_key_id: "" }, "access_key_id"],
    [{ access_key_id: "AK IA" }, "access_key_id"],
    [{ secret_access_key: "" }, "secret_access_key"],
    [{ secret_access_key: "secret " }, "secret_access_key"],
    [{ region: "" }, "region"],
    [{ region: "EU West" }, "region"],
    [{ endpoint_url: "localhost:9000" }, "endpoint_url"],
    [{ endpoint_url: "ftp://example.com" }, "endpoint_url"],
    [{ endpoint_url: "https://example.com/bucket" }, "endpoint_url"],
    [{ endpoint_url: "https://user:pw@example.com" }, "endpoint_url"],
    [{ endpoint_url: "not a url" }, "endpoint_url"],
  ] as const)("refuses %o in the %s field", (change, field) => {
    const errors = check(change);
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toMatch(/\.$/);
  });

  it("refuses a name already taken, whatever its case", () => {
    expect(check({ name: "work" }, true, ["Work"]).name).toBe('A connection named "work" already exists.');
  });

  it("lets an edit keep the stored secret", () => {
    expect(check({ secret_access_key: "" }, false)).toEqual({});
  });

  it("reports every bad field at once", () => {
    expect(Object.keys(check({ name: "", region: "", access_key_id: "" })).sort()).toEqual([
      "access_key_id",
      "name",
      "region",
    ]);
  });
});
