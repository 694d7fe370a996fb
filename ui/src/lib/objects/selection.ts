// Selecting rows like a file manager: click, Ctrl/Cmd+click to add or remove, Shift+click
// and Shift+arrows for ranges, Ctrl/Cmd+A for all. Rows are named by their keys; `order`
// is the order they are shown in.

export interface Selection {
  selected: Set<string>;
  /** Where a Shift range starts. */
  anchor: string | null;
  /** The row the keyboard is on. */
  focus: string | null;
}

export const emptySelection = (): Selection => ({ selected: new Set(), anchor: null, focus: null });

export function click(sel: Selection, key: string, order: string[], mods: { toggle: boolean; range: boolean }): Selection {
  if (mods.range && sel.anchor !== null) {
    return { selected: new Set(between(order, sel.anchor, key)), anchor: sel.anchor, focus: key };
  }
  if (mods.toggle) {
    const selected = new Set(sel.selected);
    if (selected.has(key)) selected.delete(key);
    else selected.add(key);
    return { selected, anchor: key, focus: key };
  }
  return { selected: new Set([key]), anchor: key, focus: key };
}

/** Moves the keyboard focus by `delta` rows; with `extend`, the range from the anchor follows. */
export function move(sel: Selection, order: string[], delta: number, extend: boolean): Selection {
  if (order.length === 0) return sel;
  const at = sel.focus === null ? -1 : order.indexOf(sel.focus);
  const next = order[Math.min(order.length - 1, Math.max(0, at + delta))];
  if (extend) {
    const anchor = sel.anchor ?? next;
    return { selected: new Set(between(order, anchor, next)), anchor, focus: next };
  }
  return { selected: new Set([next]), anchor: next, focus: next };
}

export function selectAll(order: string[]): Selection {
  return { selected: new Set(order), anchor: order[0] ?? null, focus: order[order.length - 1] ?? null };
}

function between(order: string[], a: string, b: string): string[] {
  const [i, j] = [order.indexOf(a), order.indexOf(b)];
  if (i < 0 || j < 0) return [b];
  return order.slice(Math.min(i, j), Math.max(i, j) + 1);
}
