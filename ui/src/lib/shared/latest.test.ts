import { describe, expect, it } from "vitest";
import { Latest, LatestByName } from "./latest";

describe("latest load", () => {
  it("only the newest load of a slot is current", () => {
    const slot = new Latest();
    const first = slot.begin();
    const second = slot.begin();
    expect(first()).toBe(false);
    expect(second()).toBe(true);
    slot.forget();
    expect(second()).toBe(false);
  });

  it("names are slots of their own", () => {
    const slots = new LatestByName();
    const a = slots.begin("a");
    const b = slots.begin("b");
    expect([a(), b()]).toEqual([true, true]);
    const a2 = slots.begin("a");
    expect([a(), a2(), b()]).toEqual([false, true, true]);
  });
});
