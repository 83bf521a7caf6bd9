// Naming a call's path steps as the scenario editor names elements and
// outcomes: GET /api/calls/{id} gives, by element ID, the kind and label
// of each element the path passed.

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
