// Naming a call's path steps as the scenario editor names elements and
// outcomes: GET /api/calls/{id} gives, by element ID, the kind and label
// of each element the path passed.

export interface PathElement {
  type: string;
  label?: string;
}

// The steps that are no element but something the box did on the way,
// as pbx/scenario records them, and their text keys under "people.steps".
const boxSteps: Record<string, string> = {
  forward: "forward",
  hold: "hold",
  "recording warning": "recordingWarning",
  "fax detected": "fax",
};

export interface StepNamers {
  kind: (kind: string) => string | null; // null for a kind the page does not know
  outcome: (outcome: string) => string;
  boxStep: (key: string) => string;
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
  return key ? n.boxStep(key) : step;
}
