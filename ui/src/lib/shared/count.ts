/** "1 item", "2 items", "10,000 items": a number with its noun agreeing. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
