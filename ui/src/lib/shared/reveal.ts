// In a dialog that scrolls, what appears in answer to a click (a "saved" notice, a review and
// its Save button, an error) can land below the fold or under a sticky bar, where nobody sees
// it. `use:reveal` scrolls it into view as it appears; give it a `scroll-margin` that clears
// the sticky bar.
export function reveal(node: HTMLElement): void {
  // jsdom, in the unit tests, has no layout and no scrollIntoView.
  node.scrollIntoView?.({ block: "nearest" });
}
