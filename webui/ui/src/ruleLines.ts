// An outbound rule's lines (GET/PUT /api/outbound-rules/{id}/lines): the
// SIP trunks, FXO lines and GSM modules it tries, first to last.

// RuleLine is one line of a rule: exactly one of the three is set.
export interface RuleLine {
  sip_trunk_id?: number;
  fxo_line_id?: number;
  gsm_module_id?: number;
}

export type LineKind = "trunk" | "fxo" | "gsm";

// lineKey names a line in one string, "gsm:2", for lists and selects.
export function lineKey(l: RuleLine): string {
  if (l.sip_trunk_id !== undefined) return `trunk:${l.sip_trunk_id}`;
  if (l.fxo_line_id !== undefined) return `fxo:${l.fxo_line_id}`;
  return `gsm:${l.gsm_module_id ?? 0}`;
}

// parseLineKey is the inverse of lineKey; null for a key of another shape.
export function parseLineKey(key: string): RuleLine | null {
  const m = /^(trunk|fxo|gsm):([1-9]\d*)$/.exec(key);
  if (!m) return null;
  const id = Number(m[2]);
  switch (m[1] as LineKind) {
    case "trunk":
      return { sip_trunk_id: id };
    case "fxo":
      return { fxo_line_id: id };
    default:
      return { gsm_module_id: id };
  }
}

// moveLine returns lines with the one at from moved to index to (both
// clamped to the list); the list itself is left as it was.
export function moveLine<T>(lines: readonly T[], from: number, to: number): T[] {
  const out = [...lines];
  if (from < 0 || from >= out.length) return out;
  const dest = Math.max(0, Math.min(out.length - 1, to));
  const [item] = out.splice(from, 1);
  out.splice(dest, 0, item);
  return out;
}

// addLine returns lines with l appended, unless the rule has it already.
export function addLine(lines: readonly RuleLine[], l: RuleLine): RuleLine[] {
  const key = lineKey(l);
  return lines.some((x) => lineKey(x) === key) ? [...lines] : [...lines, l];
}

// removeLine returns lines without the one at index i.
export function removeLine<T>(lines: readonly T[], i: number): T[] {
  return lines.filter((_, j) => j !== i);
}
