// The options of an inbound route (GET and PUT /api/routes/{id}/options):
// the recording warning, the language of the box's own words, the rating
// after the call, what happens after hours and the route's melodies.
import { optionalID, text } from "../forms";

export const afterHoursActions = ["none", "scenario", "voicemail", "forward", "hangup"] as const;
export type AfterHoursAction = (typeof afterHoursActions)[number];

// routeLanguages are the languages the box speaks its own words in; ""
// takes the line's country, else the box's.
export const routeLanguages = ["en", "ru", "uk", "pl"] as const;

// languageNames are each language's name in itself.
export const languageNames: Record<string, string> = { en: "English", ru: "Русский", uk: "Українська", pl: "Polski" };

export interface RouteOptions {
  id: number;
  route_id: number;
  after_hours_action: AfterHoursAction;
  after_hours_scenario_id: number | null;
  after_hours_mailbox: string;
  after_hours_number: string;
  working_interval: string;
  rate_calls: boolean;
  recording_warning_prompt_id: number | null;
  language: string;
  waiting_prompt_id: number | null;
  hold_prompt_id: number | null;
  voicemail_greeting_prompt_id: number | null;
}

// melodies are the route's prompts for moments the box fills: while the
// scenario rings someone (and queue music when a queue has none), while the
// caller is held, and before a message in a mailbox without a greeting.
export const melodies = ["waiting_prompt_id", "hold_prompt_id", "voicemail_greeting_prompt_id"] as const;

// optionsBody reads the options form into the body of PUT
// /api/routes/{id}/options. Fields of other after-hours actions than the
// chosen one are sent empty, so the box keeps no stale target.
export function optionsBody(f: FormData): Omit<RouteOptions, "id" | "route_id"> {
  const action = text(f, "after_hours_action") as AfterHoursAction;
  return {
    after_hours_action: action,
    after_hours_scenario_id: action === "scenario" ? optionalID(f, "after_hours_scenario_id") : null,
    after_hours_mailbox: action === "voicemail" ? text(f, "after_hours_mailbox") : "",
    after_hours_number: action === "forward" ? text(f, "after_hours_number") : "",
    working_interval: text(f, "working_interval"),
    rate_calls: f.get("rate_calls") === "on",
    recording_warning_prompt_id: optionalID(f, "recording_warning_prompt_id"),
    language: text(f, "language"),
    waiting_prompt_id: optionalID(f, "waiting_prompt_id"),
    hold_prompt_id: optionalID(f, "hold_prompt_id"),
    voicemail_greeting_prompt_id: optionalID(f, "voicemail_greeting_prompt_id"),
  };
}
