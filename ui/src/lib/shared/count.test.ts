import { describe, expect, it } from "vitest";
import { count } from "./count";

describe("count", () => {
  it("the noun agrees with the number", () => {
    expect(count(1, "item")).toBe("1 item");
    expect(count(0, "item")).toBe("0 items");
    expect(count(2, "key was", "keys were")).toBe("2 keys were");
  });
});
