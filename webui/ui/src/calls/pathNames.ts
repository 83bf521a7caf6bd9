// Naming a call's path steps as the scenario editor names elements and
// outcomes. A step keeps its element's kind and label as they were when
// the call passed it; for older records, GET /api/calls/{id} gives, by
// element ID, the kind and label of each element the path passed as the
// scenarios are now.

export interface PathElement {
  type: string;
  label?: string;
}

// The steps that are no element but something the box did on the way,
// as pbx/call, pbx/dialplan and pbx/scenario record them, and their text
// keys under "people.steps".
const boxSteps: Record<string, string> = {
  forward: "forward",
  hold: "hold",
  hangup: "hangup",
  dialplan: "dialplan",
  transfer: "transfer",
  "fax tone": "faxTone",
  "recording warning": "recordingWarning",
  "fax detected": "fax",
};

// Box steps that name the channels they worked on after a word:
// "ring sip/101 fxs/2", "bridge fxs/1".
const boxStepPrefixes: [prefix: string, key: string][] = [
  ["ring ", "ring"],
  ["bridge ", "bridge"],
  ["join ", "join"],
];

export interface StepNamers {
  kind: (kind: string) => string | null; // null for a kind the page does not know
  outcome: (outcome: string) => string;
  boxStep: (key: string, target?: string) => string; // target: the channels the step names
}

// stepName names a step: the element's label; else its kind's name with
// its ID, as the editor does; a step of the box by its name; else the ID
// as recorded (an element deleted since the call).
export function stepName(step: string, elements: Record<string, PathElement> | undefined, n: StepNamers): string {
  const el = elements?.[step];
  if (el) {
    if (el.label) return el.label;
    const kind = n.kind(el.type);
    return `${kind ?? el.type} (${step})`;
  }
  const key = boxSteps[step];
  if (key) return n.boxStep(key);
  for (const [prefix, k] of boxStepPrefixes) {
    if (step.startsWith(prefix) && step.length > prefix.length) return n.boxStep(k, step.slice(prefix.length));
  }
  return step;
}

// NamedStep is a path step that may keep its element's kind and label.
export interface NamedStep {
  step: string;
  type?: string;
  label?: string;
}

// namedStepName names a step by the kind and label it keeps, else as
// stepName does from elements (a record from before steps kept them).
export function namedStepName(s: NamedStep, elements: Record<string, PathElement> | undefined, n: StepNamers): string {
  if (s.type) return stepName(s.step, { [s.step]: { type: s.type, label: s.label } }, n);
  return stepName(s.step, elements, n);
}
