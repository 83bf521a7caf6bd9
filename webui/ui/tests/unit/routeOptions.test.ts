import { describe, expect, it } from "vitest";

import { optionsBody } from "../../src/inbound/options";

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

describe("optionsBody", () => {
  it("sends the target of the chosen after-hours action only", () => {
    const all = { after_hours_scenario_id: "3", after_hours_mailbox: "101", after_hours_number: "+74951234567" };
    expect(optionsBody(form({ ...all, after_hours_action: "voicemail" }))).toMatchObject({
      after_hours_action: "voicemail", after_hours_mailbox: "101", after_hours_scenario_id: null, after_hours_number: "",
    });
    expect(optionsBody(form({ ...all, after_hours_action: "scenario" }))).toMatchObject({ after_hours_scenario_id: 3, after_hours_mailbox: "" });
    expect(optionsBody(form({ ...all, after_hours_action: "forward" }))).toMatchObject({ after_hours_number: "+74951234567", after_hours_scenario_id: null });
  });
  it("reads the warning prompt, the language and the rating", () => {
    expect(optionsBody(form({ after_hours_action: "none", recording_warning_prompt_id: "7", language: "pl", rate_calls: "on" }))).toMatchObject({
      recording_warning_prompt_id: 7, language: "pl", rate_calls: true,
    });
    // The spoken warning, the line's language, no rating.
    expect(optionsBody(form({ after_hours_action: "none", recording_warning_prompt_id: "", language: "" }))).toMatchObject({
      recording_warning_prompt_id: null, language: "", rate_calls: false,
    });
  });
  it("reads the melodies, none where the default plays", () => {
    expect(optionsBody(form({ after_hours_action: "none", waiting_prompt_id: "4", hold_prompt_id: "", voicemail_greeting_prompt_id: "9" }))).toMatchObject({
      waiting_prompt_id: 4, hold_prompt_id: null, voicemail_greeting_prompt_id: 9,
    });
  });
});
