// An outbound rule's extensions (GET/PUT /api/outbound-rules/{id}/extensions):
// the extension numbers the rule is kept for; none: every extension whose
// outbound level allows.

// pickExtension returns the picked numbers with number ticked (on) or
// unticked, in the order of all, the box's extensions; numbers that are no
// longer extensions are dropped. picked itself is left as it was.
export function pickExtension(picked: readonly string[], all: readonly string[], number: string, on: boolean): string[] {
  const set = new Set(picked);
  if (on) set.add(number);
  else set.delete(number);
  return all.filter((n) => set.has(n));
}

// sameExtensions reports whether two picks hold the same numbers.
export function sameExtensions(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((n) => b.includes(n));
}
