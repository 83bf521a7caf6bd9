// The dry run of a scenario being edited: the request that
// POST /api/scenarios/dry-run takes, and the path of its answer as
// elements and arrows to highlight, step by step.

import { edgeID, type Document } from "./scenarioGraph";

// Step is one element the call went through (scenario.Step).
export interface Step {
  at: string;
  scenario: number;
  element: string;
  label?: string;
  outcome: string;
}

// Trace is the answer of a dry run (scenario.Trace).
export interface Trace {
  route?: string;
  path: Step[];
  events: string[] | null;
}

// DryRunForm is what the admin describes: who calls, on which channel
// ("gsm/1", "trunk/Provider", "fxo/1"), when (a datetime-local value, in
// the browser's time zone; "" is now), the keys pressed at each menu (by
// element ID, comma-separated, one entry per time the menu listens), and
// which extension answers ("" nobody) after how many seconds, for how
// many seconds it then holds the caller (0: no hold), and the number it
// then transfers the caller to, blind ("" no transfer).
export interface DryRunForm {
  caller: string;
  channel: string;
  at: string;
  keys: Record<string, string>;
  answers: string;
  answerAfter: number;
  holdFor: number;
  transferTo: string;
}

// DryRunPhone is how a target behaves in a dry run.
export interface DryRunPhone {
  answer_after_s: number;
  hold_s?: number;
  transfer_to?: string;
}

// DryRunRequest is the body of POST /api/scenarios/dry-run.
export interface DryRunRequest {
  caller: string;
  channel: string;
  at?: string;
  keys: Record<string, string[]>;
  phones: Record<string, DryRunPhone>;
  document: Document;
}

// dryRunRequest builds the request for running doc as form describes. The
// answering extension answers on its SIP phones and its FXS port alike,
// and holds and transfers the caller as the form says; every other target
// rings without an answer.
export function dryRunRequest(form: DryRunForm, doc: Document): DryRunRequest {
  const keys: Record<string, string[]> = {};
  for (const [id, s] of Object.entries(form.keys)) {
    if (s.trim() === "") continue;
    keys[id] = s.split(",").map((k) => k.trim());
  }
  const phones: DryRunRequest["phones"] = {};
  const who = form.answers.trim();
  if (who !== "") {
    const after = Math.max(0, form.answerAfter || 0);
    const hold = Math.max(0, form.holdFor || 0);
    const to = form.transferTo.replace(/\s+/g, "");
    const phone: DryRunPhone = { answer_after_s: after };
    if (hold > 0) phone.hold_s = hold;
    if (to !== "") phone.transfer_to = to;
    for (const kind of ["sip", "fxs"]) phones[`${kind}/${who}`] = { ...phone };
  }
  const req: DryRunRequest = { caller: form.caller.trim(), channel: form.channel.trim(), keys, phones, document: doc };
  if (form.at) {
    const at = new Date(form.at);
    if (!Number.isNaN(at.getTime())) req.at = at.toISOString();
  }
  return req;
}

// Highlight is what the graph marks: the elements and arrows the call has
// gone through up to the current step, and that step's element.
export interface Highlight {
  nodes: Set<string>;
  edges: Set<string>;
  current: string | null;
}

export const noHighlight: Highlight = { nodes: new Set(), edges: new Set(), current: null };

// localPath returns the steps of the path that are in the document being
// edited: those before the call goes on in another scenario (an outcome
// "scenario N") and whose element the document has.
export function localPath(trace: Trace, doc: Document): Step[] {
  const ids = new Set(doc.elements.map((e) => e.id));
  const out: Step[] = [];
  for (const s of trace.path) {
    if (!ids.has(s.element)) break;
    out.push(s);
    if (s.outcome.startsWith("scenario ")) break;
  }
  return out;
}

// highlight returns what to mark for steps[0..upTo]: their elements, and
// each arrow that led from one step's element by its outcome to the next
// step's element.
export function highlight(steps: readonly Step[], doc: Document, upTo: number): Highlight {
  if (steps.length === 0 || upTo < 0) return noHighlight;
  const last = Math.min(upTo, steps.length - 1);
  const next = new Map(doc.elements.map((e) => [e.id, e.next ?? {}]));
  const h: Highlight = { nodes: new Set(), edges: new Set(), current: steps[last].element };
  for (let i = 0; i <= last; i++) {
    const s = steps[i];
    h.nodes.add(s.element);
    if (i < last && next.get(s.element)?.[s.outcome] === steps[i + 1].element) h.edges.add(edgeID(s.element, s.outcome));
  }
  return h;
}

// answerers returns the extension numbers a document rings, in the order
// it names them: the dry-run panel offers them as who answers.
export function answerers(doc: Document): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === "string" && v !== "" && !out.includes(v)) out.push(v);
  };
  for (const e of doc.elements) {
    const p = e.params;
    switch (e.type) {
      case "internal":
      case "mobile":
      case "fax":
      case "forward":
        add(p.extension);
        break;
      case "group":
        if (Array.isArray(p.members)) p.members.forEach(add);
        break;
      case "queue":
        if (Array.isArray(p.agents)) p.agents.forEach(add);
        break;
    }
  }
  return out;
}
