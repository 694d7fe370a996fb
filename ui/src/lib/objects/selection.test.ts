import { describe, expect, it } from "vitest";
import { click, emptySelection, move, selectAll } from "./selection";

const order = ["a", "b", "c", "d", "e"];
const plain = { toggle: false, range: false };
const keys = (s: { selected: Set<string> }) => [...s.selected].sort();

describe("selection", () => {
  it("a click selects one row; Ctrl+click adds and removes", () => {
    let s = click(emptySelection(), "b", order, plain);
    expect(keys(s)).toEqual(["b"]);
    s = click(s, "d", order, { toggle: true, range: false });
    expect(keys(s)).toEqual(["b", "d"]);
    s = click(s, "b", order, { toggle: true, range: false });
    expect(keys(s)).toEqual(["d"]);
  });

  it("Shift+click selects the range from the anchor, either way", () => {
    let s = click(emptySelection(), "b", order, plain);
    s = click(s, "d", order, { toggle: false, range: true });
    expect(keys(s)).toEqual(["b", "c", "d"]);
    s = click(s, "a", order, { toggle: false, range: true });
    expect(keys(s)).toEqual(["a", "b"]);
  });

  it("arrows move one row and stop at the ends; Shift+arrows extend", () => {
    let s = move(emptySelection(), order, 1, false);
    expect(keys(s)).toEqual(["a"]);
    s = move(s, order, -1, false);
    expect(s.focus).toBe("a");
    s = move(s, order, 2, true);
    expect(keys(s)).toEqual(["a", "b", "c"]);
    s = move(s, order, 10, false);
    expect(keys(s)).toEqual(["e"]);
  });

  it("Ctrl+A selects everything shown", () => {
    expect(keys(selectAll(order))).toEqual(order);
  });
});
