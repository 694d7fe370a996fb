import { describe as group, expect, it } from "vitest";
import { describe, expirySeconds } from "./expiry";

group("link expiry", () => {
  it("accepts up to 7 days and refuses the rest with the reason", () => {
    expect(expirySeconds(10, "minutes")).toEqual({ seconds: 600 });
    expect(expirySeconds(7, "days")).toEqual({ seconds: 604_800 });
    expect(expirySeconds(169, "hours")).toEqual({ problem: expect.stringContaining("at most 7 days") });
    expect(expirySeconds(0, "hours")).toEqual({ problem: expect.stringContaining("more than zero") });
    expect(expirySeconds(Number.NaN, "hours")).toHaveProperty("problem");
  });

  it("names the duration", () => {
    expect(describe(1, "hours")).toBe("1 hour");
    expect(describe(10, "minutes")).toBe("10 minutes");
  });
});
