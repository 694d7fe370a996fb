// Lists and panels load again while an earlier load may still be on its way (a connection
// edited while its dead endpoint is being retried, a bucket clicked twice). Only the newest
// load of a slot may show its answer or its error; anything older is dropped when it lands.

/** One slot (a list, a panel): `begin()` starts a load and returns whether it is still the newest. */
export class Latest {
  private last = 0;

  begin(): () => boolean {
    const mine = ++this.last;
    return () => mine === this.last;
  }

  /** Drops every load in flight, e.g. when what the slot shows goes away. */
  forget(): void {
    this.last++;
  }
}

/** The same, one slot per name (each bucket's badge). */
export class LatestByName {
  private last = new Map<string, number>();
  private count = 0;

  begin(name: string): () => boolean {
    const mine = ++this.count;
    this.last.set(name, mine);
    return () => this.last.get(name) === mine;
  }

  forget(): void {
    this.last.clear();
  }
}
