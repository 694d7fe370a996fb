// Which rows of a long list to put in the DOM: only those in view plus a few either side,
// so 100 000 rows scroll as smoothly as 100.

export interface Window {
  start: number;
  /** One past the last row to render. */
  end: number;
}

export function visibleWindow(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 8): Window {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + viewport) / rowHeight);
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + overscan) };
}
