// The outcomes of each element kind, as pbx/scenario's Params.Outcomes
// gives them: the editor draws one handle per outcome, and the box refuses
// a scenario that leaves one unconnected. Some depend on the parameters (a
// menu has one per key, a schedule one per interval).

// The outcome names of pbx/scenario. Their display names are translated
// under "outcomes.<name>"; other outcomes (keys, interval and condition
// names) show as written.
export const namedOutcomes = [
  "next",
  "no_input",
  "invalid",
  "leave",
  "dial_failed",
  "timeout",
  "exit",
  "refused",
  "match",
  "no_match",
  "true",
  "false",
  "default",
  "ok",
  "error",
  "not_understood",
] as const;

type Params = Record<string, unknown>;

function str(p: Params, k: string): string {
  return typeof p[k] === "string" ? (p[k] as string) : "";
}

function num(p: Params, k: string): number {
  return typeof p[k] === "number" ? (p[k] as number) : 0;
}

function bool(p: Params, k: string): boolean {
  return p[k] === true;
}

// strings returns the strings of p[k] when it is a list, else none.
function strings(p: Params, k: string): string[] {
  const v = p[k];
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];
}

// names returns the "name" field of each object of the list p[k].
function names(p: Params, k: string): string[] {
  const v = p[k];
  if (!Array.isArray(v)) return [];
  return v.map((o) => (typeof o === "object" && o !== null ? (o as Params).name : undefined)).filter((s): s is string => typeof s === "string");
}

// nextIf is ["next"] when cond holds, else no outcome (a final element).
function nextIf(cond: boolean): string[] {
  return cond ? ["next"] : [];
}

// outcomesOf returns the outcomes of an element of kind with params, in the
// order the box lists them; none for a final element or an unknown kind.
export function outcomesOf(kind: string, params: unknown): string[] {
  const p: Params = typeof params === "object" && params !== null && !Array.isArray(params) ? (params as Params) : {};
  switch (kind) {
    case "incoming":
    case "group":
    case "speech":
    case "sms":
    case "ai":
    case "campaign":
    case "manager":
      return ["next"];
    case "internal":
    case "external":
    case "mobile":
      return nextIf(num(p, "ring_time") > 0);
    case "queue":
      // A stored queue (queue_id) has both: its exit key may change.
      return str(p, "exit_key") || num(p, "queue_id") > 0 ? ["timeout", "exit"] : ["timeout"];
    case "conference":
      return str(p, "pin") ? ["refused"] : [];
    case "schedule":
      return strings(p, "intervals");
    case "list":
      return ["match", "no_match"];
    case "condition":
      return ["true", "false"];
    case "conditions":
      return [...names(p, "conditions"), "default"];
    case "code":
      return ["next", "error"];
    case "http":
      return ["ok", "error"];
    case "menu": {
      const out = [...strings(p, "keys"), "no_input", "invalid"];
      if (str(p, "leave_key")) out.push("leave");
      if (bool(p, "direct_dial")) out.push("dial_failed");
      return out;
    }
    case "message":
      return nextIf(!bool(p, "hangup"));
    case "forward":
      switch (str(p, "to")) {
        case "internal":
        case "external":
        case "mobile":
          return nextIf(num(p, "ring_time") > 0);
      }
      return [];
    case "question_answer":
      return [...names(p, "answers"), "not_understood"];
  }
  // fax, voicemail, scenario, hangup: final.
  return [];
}
