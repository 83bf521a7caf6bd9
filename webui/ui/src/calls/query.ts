// The call log's filters as the query of GET /api/calls and
// /api/calls.csv, and a call's stored details as the page shows them.
import type { PathElement } from "./pathNames";

export const outcomes = ["answered", "unanswered", "busy", "failed"] as const;
export type Outcome = (typeof outcomes)[number];

// causes are why a call or a leg ended, as pbx/call names them in call
// records; their display names are under "calls.causes.<cause>".
export const causes = ["normal", "busy", "no_answer", "unavailable", "congestion", "rejected", "not_found"] as const;

// causeName returns the display name of a call record's cause by t: a
// known cause translated, an unknown one as written, none as "–".
export function causeName(t: (key: string) => string, cause: string | undefined): string {
  if (!cause) return "–";
  return (causes as readonly string[]).includes(cause) ? t(`calls.causes.${cause}`) : cause;
}

// CallFilter is what the admin filters the log by. Dates are the browser's
// calendar days, "YYYY-MM-DD", both included; empty fields do not filter.
export interface CallFilter {
  from: string;
  to: string;
  number: string;
  line: string;
  outcome: string;
}

export const noFilter: CallFilter = { from: "", to: "", number: "", line: "", outcome: "" };

// Call is a row of GET /api/calls.
export interface Call {
  id: number;
  started_at: string;
  answered_at?: string;
  ended_at: string;
  duration_s: number;
  talk_s: number;
  direction: string;
  caller: string;
  caller_name: string;
  callee: string;
  source: string;
  destination: string;
  outcome: string;
  cause: string;
  route: string;
  // recorded is true when the call was recorded and GET
  // /api/calls/{id}/recording gives its audio.
  recorded?: boolean;
}

export interface CallPage {
  calls: Call[];
  next?: number;
}

// PathStep is a step of a call's path; type and label are its element's,
// as they were when the call passed it (absent in older records and for
// the box's own steps).
export interface PathStep {
  at: string;
  step: string;
  type?: string;
  label?: string;
  outcome?: string;
}

export interface Leg {
  channel: string;
  number?: string;
  dialled?: string;
  answered?: string;
  ended?: string;
  cause?: string;
}

// CallDetail is GET /api/calls/{id}.
// elements names, by ID, the scenario elements that the path passed.
export interface CallDetail extends Call {
  details: { call?: string; legs?: Leg[]; path?: PathStep[]; path_lost?: number; variables?: Record<string, string> };
  elements?: Record<string, PathElement>;
}

// localDayStart returns the moment a calendar day "YYYY-MM-DD" starts in
// the browser's time zone, shifted by days, as an RFC 3339 time; null for
// a text that is no date.
export function localDayStart(date: string, days = 0): string | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(date);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days);
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

// callQuery returns the query string ("" or "?...") of filter for the
// call log, with before for a later page. A day range covers whole days
// of the browser's zone: from its first day's midnight to the midnight
// after its last day.
export function callQuery(filter: CallFilter, before?: number): string {
  const q = new URLSearchParams();
  const from = filter.from ? localDayStart(filter.from) : null;
  const to = filter.to ? localDayStart(filter.to, 1) : null;
  // A text that is no date is sent as it is: the box names the field.
  if (filter.from) q.set("from", from ?? filter.from);
  if (filter.to) q.set("to", to ?? filter.to);
  if (filter.number.trim()) q.set("number", filter.number.trim());
  if (filter.line.trim()) q.set("channel", filter.line.trim().toLowerCase());
  if (filter.outcome) q.set("outcome", filter.outcome);
  if (before) q.set("before", String(before));
  const s = q.toString();
  return s ? `?${s}` : "";
}

// pathSteps returns a call's scenario path with each step's time in
// seconds after the call started.
export function pathSteps(c: CallDetail): { offset: number; step: string; type?: string; label?: string; outcome: string }[] {
  const start = new Date(c.started_at).getTime();
  return (c.details.path ?? []).map((p) => {
    const at = new Date(p.at).getTime();
    return { offset: Number.isNaN(at) || Number.isNaN(start) ? 0 : Math.max(0, Math.round((at - start) / 1000)), step: p.step, type: p.type, label: p.label, outcome: p.outcome ?? "" };
  });
}

// hasRecording reports whether the log may offer a call's recording: only
// when the call's record says it has one, in the list or in its details.
export function hasRecording(call: Call, detail?: CallDetail | null): boolean {
  return call.recorded === true || detail?.recorded === true;
}

// callRating returns the caller's rating of a call, 1 to 5, kept in its
// variables when its route asks for one; null when the caller gave none.
export function callRating(d: CallDetail): number | null {
  const r = d.details.variables?.rating ?? "";
  return /^[1-5]$/.test(r) ? Number(r) : null;
}

// party is how the log shows one side of a call: the number and, when
// known, the name.
export function party(number: string, name = ""): string {
  return [number, name].filter((s) => s.trim() !== "").join(" ");
}
