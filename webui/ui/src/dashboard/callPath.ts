// An active call's path in words for the dashboard: "Voice menu “Main” →
// Key 1 → Ring group “Sales” (now)". Steps name their element by kind and
// label as the call saw them, the box's own steps by name; the
// incoming-call element and the plain "next" outcome say nothing the row
// does not, and the box's outcomes are its log's English, so they are
// left out.
import { stepName, type StepNamers } from "../calls/pathNames";
import type { CallStep } from "../telephony";

export interface LiveNamers extends StepNamers {
  labelled: (kind: string, label: string) => string; // an element with a label
  running: (name: string) => string; // the element the call is in now
  earlier: string; // stands for steps before those listed
}

// pathWords returns the words of a call's path; "" when it has no step to
// show yet.
export function pathWords(steps: CallStep[], earlier: number, n: LiveNamers): string {
  const parts: string[] = earlier > 0 ? [n.earlier] : [];
  for (const s of steps) {
    if (s.type === "incoming") continue;
    let name: string;
    if (s.type && s.label) name = n.labelled(n.kind(s.type) ?? s.type, s.label);
    else name = stepName(s.step, s.type ? { [s.step]: { type: s.type } } : undefined, n);
    parts.push(s.running ? n.running(name) : name);
    if (s.type && s.outcome && s.outcome !== "next" && !s.running) parts.push(n.outcome(s.outcome));
  }
  return parts.length === (earlier > 0 ? 1 : 0) ? "" : parts.join(" → ");
}
