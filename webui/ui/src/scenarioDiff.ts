// The difference between two scenario documents as an admin reads it:
// elements added and removed, labels and parameters changed, arrows added
// and removed. Elements are the same when their IDs are; positions on the
// graph are not a change.

// ElementRef names an element: its ID, kind and label ("" when it has none).
export interface ElementRef {
  id: string;
  kind: string;
  label: string;
}

// Change is one changed property of an element present in both documents:
// a parameter by name, or "label" or "kind" (field says which). A value
// missing on one side is undefined.
export interface Change {
  element: ElementRef;
  field: string;
  param: boolean; // field is a parameter's name
  before: unknown;
  after: unknown;
}

// Arrow is one outcome's arrow.
export interface Arrow {
  from: ElementRef;
  outcome: string;
  to: ElementRef;
}

// ScenarioDiff is what changed from one document (before) to another
// (after). Arrows of an added or removed element are left out: they come
// and go with it.
export interface ScenarioDiff {
  added: ElementRef[];
  removed: ElementRef[];
  changed: Change[];
  arrowsAdded: Arrow[];
  arrowsRemoved: Arrow[];
}

interface Read {
  ref: ElementRef;
  params: Record<string, unknown>;
  next: Record<string, string>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// elementsOf reads a document's elements by ID, in document order; what it
// cannot read (no ID, a repeated ID) is skipped, as the editor skips it.
function elementsOf(doc: unknown): Map<string, Read> {
  const out = new Map<string, Read>();
  const list = isRecord(doc) && Array.isArray(doc.elements) ? doc.elements : [];
  for (const v of list) {
    if (!isRecord(v) || typeof v.id !== "string" || v.id === "" || out.has(v.id)) continue;
    const next: Record<string, string> = {};
    if (isRecord(v.next)) {
      for (const [outcome, target] of Object.entries(v.next)) if (typeof target === "string" && target !== "") next[outcome] = target;
    }
    out.set(v.id, {
      ref: { id: v.id, kind: typeof v.type === "string" ? v.type : "", label: typeof v.label === "string" ? v.label : "" },
      params: isRecord(v.params) ? v.params : {},
      next,
    });
  }
  return out;
}

// canonical is v as JSON with object keys sorted, so that equal values
// compare equal whatever their key order.
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isRecord(v)) {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => v[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "undefined";
}

// arrowsOf returns the arrows of elements whose source element keep
// accepts, keyed by source, outcome and target.
function arrowsOf(elements: Map<string, Read>, keep: (id: string) => boolean): Map<string, Arrow> {
  const out = new Map<string, Arrow>();
  for (const e of elements.values()) {
    if (!keep(e.ref.id)) continue;
    for (const [outcome, target] of Object.entries(e.next)) {
      const to = elements.get(target)?.ref ?? { id: target, kind: "", label: "" };
      out.set(`${e.ref.id}\u0000${outcome}\u0000${target}`, { from: e.ref, outcome, to });
    }
  }
  return out;
}

// diffScenarios returns what changed from the document before to the
// document after. It never throws: an unreadable document has no elements.
export function diffScenarios(before: unknown, after: unknown): ScenarioDiff {
  const a = elementsOf(before);
  const b = elementsOf(after);
  const diff: ScenarioDiff = { added: [], removed: [], changed: [], arrowsAdded: [], arrowsRemoved: [] };
  for (const [id, e] of a) if (!b.has(id)) diff.removed.push(e.ref);
  for (const [id, e] of b) {
    const old = a.get(id);
    if (!old) {
      diff.added.push(e.ref);
      continue;
    }
    for (const field of ["kind", "label"] as const) {
      if (old.ref[field] !== e.ref[field]) diff.changed.push({ element: e.ref, field, param: false, before: old.ref[field], after: e.ref[field] });
    }
    const names = [...new Set([...Object.keys(old.params), ...Object.keys(e.params)])].sort();
    for (const name of names) {
      if (canonical(old.params[name]) !== canonical(e.params[name])) {
        diff.changed.push({ element: e.ref, field: name, param: true, before: old.params[name], after: e.params[name] });
      }
    }
  }
  const inBoth = (id: string) => a.has(id) && b.has(id);
  const was = arrowsOf(a, inBoth);
  const now = arrowsOf(b, inBoth);
  for (const [key, arrow] of now) if (!was.has(key)) diff.arrowsAdded.push(arrow);
  for (const [key, arrow] of was) if (!now.has(key)) diff.arrowsRemoved.push(arrow);
  return diff;
}

// isEmpty reports whether d has no change at all.
export function isEmpty(d: ScenarioDiff): boolean {
  return d.added.length + d.removed.length + d.changed.length + d.arrowsAdded.length + d.arrowsRemoved.length === 0;
}
