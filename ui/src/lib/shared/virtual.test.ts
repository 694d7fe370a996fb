import { describe, expect, it } from "vitest";
import { visibleWindow } from "./virtual";

describe("visibleWindow", () => {
  it("renders the rows in view and a few either side", () => {
    expect(visibleWindow(0, 340, 34, 100_000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleWindow(34 * 50_000, 340, 34, 100_000, 5)).toEqual({ start: 49_995, end: 50_015 });
  });

  it("never goes past either end", () => {
    expect(visibleWindow(34 * 99_995, 340, 34, 100_000, 5)).toEqual({ start: 99_990, end: 100_000 });
    expect(visibleWindow(-20, 340, 34, 3)).toEqual({ start: 0, end: 3 });
    expect(visibleWindow(0, 340, 34, 0)).toEqual({ start: 0, end: 0 });
  });
});
