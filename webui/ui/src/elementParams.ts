// The parameters of scenario elements as the editor's side panel edits
// them: a new element's defaults, and a form (a list of fields) for the
// common kinds. The other kinds are edited as raw JSON. Field paths are
// dotted ("prompt.text" is params.prompt.text); their labels are translated
// under "params.<path with _ for .>".

export type Params = Record<string, unknown>;

// FieldKind says how a field is edited:
//   - text, textarea, number, check: one value of that type;
//   - select: one of options ("" leaves the parameter out);
//   - keys: a set of phone keys, kept in keypad order;
//   - list: strings written comma-separated;
//   - extension, mailbox: an extension number, offered from the box's
//     extensions; extensions: a set of them (a group's members);
//   - ring_group, queue: a stored ring group's or queue's ID, offered
//     from the box's (Stored); choosing one leaves the rest to it.
export type FieldKind = "text" | "textarea" | "number" | "check" | "select" | "keys" | "list" | "extension" | "extensions" | "mailbox" | StoredKind;

// StoredKind names the stored things a group or queue element can use.
export type StoredKind = "ring_group" | "queue";

// Stored are the box's named ring groups and queues, by kind.
export type Stored = Record<StoredKind, { id: number; name: string }[]>;

export interface FieldSpec {
  path: string;
  kind: FieldKind;
  options?: readonly string[];
}

// keypad is the order of a phone's keys.
export const keypad = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"] as const;

const ringTime: FieldSpec = { path: "ring_time", kind: "number" };
const keyOptions = ["", ...keypad] as const;

// forms holds the form of each kind that has one; a kind that is not here
// (and is not "incoming", which has no parameters) gets the JSON editor.
const forms: Record<string, FieldSpec[]> = {
  internal: [{ path: "extension", kind: "extension" }, ringTime],
  external: [{ path: "trunk", kind: "text" }, { path: "number", kind: "text" }, ringTime],
  mobile: [{ path: "extension", kind: "extension" }, { path: "number", kind: "text" }, { path: "module", kind: "text" }, ringTime],
  group: [
    { path: "group_id", kind: "ring_group" },
    { path: "members", kind: "extensions" },
    { path: "strategy", kind: "select", options: ["all", "in_turn", "increasing"] },
    { path: "step", kind: "number" },
    { path: "total", kind: "number" },
  ],
  queue: [
    { path: "queue_id", kind: "queue" },
    { path: "agents", kind: "extensions" },
    { path: "strategy", kind: "select", options: ["ring_all", "round_robin", "least_recent", "fewest_calls"] },
    ringTime,
    { path: "max_wait", kind: "number" },
    { path: "early_media", kind: "check" },
    { path: "exit_key", kind: "select", options: keyOptions },
  ],
  conference: [{ path: "room", kind: "text" }, { path: "pin", kind: "text" }, { path: "attempts", kind: "number" }],
  fax: [{ path: "extension", kind: "extension" }],
  schedule: [{ path: "schedule_id", kind: "number" }, { path: "intervals", kind: "list" }],
  list: [{ path: "list_id", kind: "number" }],
  condition: [{ path: "expression", kind: "text" }],
  code: [{ path: "variable", kind: "text" }, { path: "expression", kind: "text" }],
  menu: [
    { path: "prompt.text", kind: "textarea" },
    { path: "prompt.prompt_id", kind: "number" },
    { path: "keys", kind: "keys" },
    { path: "timeout", kind: "number" },
    { path: "repeats", kind: "number" },
    { path: "repeat_key", kind: "select", options: keyOptions },
    { path: "leave_key", kind: "select", options: keyOptions },
    { path: "direct_dial", kind: "check" },
  ],
  message: [{ path: "sound.text", kind: "textarea" }, { path: "sound.prompt_id", kind: "number" }, { path: "hangup", kind: "check" }],
  speech: [{ path: "text", kind: "textarea" }, { path: "language", kind: "text" }],
  sms: [{ path: "module", kind: "text" }, { path: "to", kind: "text" }, { path: "text", kind: "textarea" }],
  voicemail: [{ path: "mailbox", kind: "mailbox" }],
  forward: [
    { path: "to", kind: "select", options: ["internal", "external", "mobile", "voicemail"] },
    { path: "extension", kind: "extension" },
    { path: "trunk", kind: "text" },
    { path: "number", kind: "text" },
    { path: "module", kind: "text" },
    { path: "mailbox", kind: "mailbox" },
    ringTime,
  ],
  scenario: [{ path: "scenario_id", kind: "number" }],
  hangup: [{ path: "cause", kind: "select", options: ["", "normal", "busy", "rejected", "unavailable", "congestion", "no_answer", "not_found"] }],
};

// formOf returns the form of kind: its fields, an empty list for a kind
// without parameters, or null for a kind edited as JSON.
export function formOf(kind: string): FieldSpec[] | null {
  if (kind === "incoming") return [];
  return forms[kind] ?? null;
}

// defaultParams returns the parameters a new element of kind starts with:
// enough for its outcomes to show, the rest for the admin to fill in.
export function defaultParams(kind: string): Params {
  switch (kind) {
    case "internal":
    case "external":
    case "mobile":
      return { ring_time: 20 };
    case "group":
      return { members: [], strategy: "all", total: 30 };
    case "queue":
      return { agents: [], strategy: "ring_all", max_wait: 300 };
    case "menu":
      return { prompt: { text: "" }, keys: ["1"] };
    case "message":
      return { sound: { text: "" } };
    case "conditions":
      return { conditions: [{ name: "first", expression: "" }] };
    case "http":
      return { method: "GET", url: "https://" };
    case "forward":
      return { to: "internal" };
    case "question_answer":
      return { question: { text: "" }, answers: [{ name: "yes", synonyms: [] }] };
    case "manager":
      return { crm: "api", ring_time: 20 };
  }
  return {};
}

// chooseStored returns the parameters of a kind element (group or queue)
// once the stored ring group or queue id (0: none) is chosen at path: a
// stored one brings its own members, strategy and times, so those go; a
// queue keeps its own announcement. With none, the element gets its own
// parameters back, as a new one has them.
export function chooseStored(kind: string, params: Params, path: string, id: number): Params {
  if (id <= 0) return defaultParams(kind);
  const out: Params = { [path]: id };
  if (kind === "queue") {
    for (const k of ["announcement", "announce_every"]) if (params[k] !== undefined) out[k] = params[k];
  }
  return out;
}

// getPath returns the value at a dotted path of params, or undefined.
export function getPath(params: Params, path: string): unknown {
  let v: unknown = params;
  for (const k of path.split(".")) {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
    v = (v as Params)[k];
  }
  return v;
}

// isEmpty reports whether a value is what the box leaves out: undefined,
// "", 0, false or an empty list.
function isEmpty(v: unknown): boolean {
  return v === undefined || v === "" || v === 0 || v === false || (Array.isArray(v) && v.length === 0);
}

// setPath returns a copy of params with value at the dotted path; an empty
// value removes the parameter, and an object left empty by that stays (a
// menu's prompt is {} rather than missing). params is not changed.
export function setPath(params: Params, path: string, value: unknown): Params {
  const [head, ...rest] = path.split(".");
  const out: Params = { ...params };
  if (rest.length > 0) {
    const inner = out[head];
    out[head] = setPath(typeof inner === "object" && inner !== null && !Array.isArray(inner) ? (inner as Params) : {}, rest.join("."), value);
    return out;
  }
  if (isEmpty(value)) delete out[head];
  else out[head] = value;
  return out;
}

// sortKeys puts phone keys in keypad order, without repeats.
export function sortKeys(keys: readonly string[]): string[] {
  return keypad.filter((k) => keys.includes(k));
}

// parseList reads a comma-separated list, trimmed, without empty items.
export function parseList(s: string): string[] {
  return s
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");
}

// labelKey is the i18n key of a field's label.
export function labelKey(path: string): string {
  return `params.${path.replace(/\./g, "_")}`;
}
