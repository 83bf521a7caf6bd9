// The forms of changing extensions, mailboxes and outbound rules, and the
// names of a call's path steps.
import { describe, expect, it } from "vitest";

import { stepName, type StepNamers } from "../../src/calls/pathNames";
import { extensionBody, renumbering } from "../../src/extensions/extensionForm";
import { ruleBody } from "../../src/ports/ruleForm";
import { mailboxBody } from "../../src/voicemail/mailboxes";

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

describe("extensionBody", () => {
  const fields = { number: " 101 ", name: " Anna ", email: "anna@example.com", mobile: "+7 916 123 45 67", outbound: "national", voicemail: "on" };
  it("creates with the number and leaves on duty to the box", () => {
    expect(extensionBody(form(fields), false)).toEqual({
      number: "101", name: "Anna", email: "anna@example.com", mobile: "+79161234567", outbound: "national", voicemail: true,
    });
  });
  it("changes with the number, sending on duty even when unticked", () => {
    expect(extensionBody(form({ ...fields, voicemail: "" }), true)).toEqual({
      number: "101", name: "Anna", email: "anna@example.com", mobile: "+79161234567", outbound: "national", voicemail: false, on_duty: false,
    });
    expect(extensionBody(form({ ...fields, on_duty: "on" }), true).on_duty).toBe(true);
  });
  it("falls back to internal calls only", () => {
    expect(extensionBody(form({ name: "X" }), false).outbound).toBe("internal");
  });
});

describe("renumbering", () => {
  it("is the new number only when the form gives another one", () => {
    expect(renumbering("101", extensionBody(form({ number: " 201 ", name: "Anna" }), true))).toBe("201");
    expect(renumbering("101", extensionBody(form({ number: "101", name: "Anna" }), true))).toBeNull();
    expect(renumbering("101", extensionBody(form({ name: "Anna" }), true))).toBeNull();
  });
});

describe("mailboxBody", () => {
  it("sends a typed PIN without spaces and the chosen owner and greeting", () => {
    expect(mailboxBody(form({ number: "800", extension_id: "3", pin: "12 34", email: "office@example.com", greeting_prompt_id: "7" }))).toEqual({
      number: "800", extension_id: 3, greeting_prompt_id: 7, email: "office@example.com", pin: "1234",
    });
  });
  it("keeps the stored PIN by leaving it out, with no owner and the default greeting", () => {
    const body = mailboxBody(form({ number: "800", extension_id: "", pin: "", email: "", greeting_prompt_id: "" }));
    expect(body).toEqual({ number: "800", extension_id: null, greeting_prompt_id: null, email: "" });
    expect("pin" in body).toBe(false);
  });
  it("asks to remove the PIN only when ticked", () => {
    expect(mailboxBody(form({ number: "800", clear_pin: "on" })).clear_pin).toBe(true);
    expect("clear_pin" in mailboxBody(form({ number: "800" }))).toBe(false);
  });
});

describe("ruleBody", () => {
  it("reads every field, without spaces in what is dialled", () => {
    expect(ruleBody(form({ name: " City ", prefix: "9 8", level: "national", strip: "1", prepend: "+7 ", priority: "50" }))).toEqual({
      name: "City", prefix: "98", level: "national", strip: 1, prepend: "+7", priority: 50,
    });
  });
  it("sends 0 for empty numbers", () => {
    expect(ruleBody(form({ name: "Any" }))).toMatchObject({ strip: 0, priority: 0, prefix: "" });
  });
});

describe("stepName", () => {
  const n: StepNamers = {
    kind: (k) => (k === "internal" ? "Ring extension" : null),
    outcome: (o) => o,
    boxStep: (key, target) => (target ? `box:${key}:${target}` : `box:${key}`),
  };
  const elements = { desk: { type: "internal", label: "Reception" }, ring2: { type: "internal" }, odd: { type: "future_kind" } };
  it("names a labelled element by its label", () => {
    expect(stepName("desk", elements, n)).toBe("Reception");
  });
  it("names an unlabelled element by its kind with its ID", () => {
    expect(stepName("ring2", elements, n)).toBe("Ring extension (ring2)");
  });
  it("shows an unknown kind as written", () => {
    expect(stepName("odd", elements, n)).toBe("future_kind (odd)");
  });
  it("names the box's own steps", () => {
    expect(stepName("forward", elements, n)).toBe("box:forward");
    expect(stepName("recording warning", undefined, n)).toBe("box:recordingWarning");
    expect(stepName("fax detected", {}, n)).toBe("box:fax");
  });
  it("names the box's steps on channels, with the channels", () => {
    expect(stepName("ring sip/101 fxs/2", elements, n)).toBe("box:ring:sip/101 fxs/2");
    expect(stepName("bridge fxs/1", elements, n)).toBe("box:bridge:fxs/1");
    expect(stepName("hangup", elements, n)).toBe("box:hangup");
  });
  it("prefers an element to a box step of the same name", () => {
    expect(stepName("hangup", { hangup: { type: "hangup", label: "Nobody answered" } }, n)).toBe("Nobody answered");
  });
  it("keeps the ID of an element deleted since the call", () => {
    expect(stepName("gone", elements, n)).toBe("gone");
  });
});
