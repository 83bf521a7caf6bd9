// An extension's forwarding form and what it says is active.
import { describe, expect, it } from "vitest";

import { activeForwards, forwardBody, noForward } from "../../src/extensions/forwarding";

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

describe("forwardBody", () => {
  it("reads every condition, without spaces in numbers", () => {
    expect(forwardBody(form({ "fwd-number": "+7 916 123 45 67", "fwd-enabled": "on", "fwd-busy": "102", "fwd-no_answer": " 103 ",
      "fwd-no_answer_secs": "25", "fwd-unreachable": "104" }), "fwd-")).toEqual({
      number: "+79161234567", enabled: true, busy: "102", no_answer: "103", no_answer_secs: 25, unreachable: "104",
    });
  });
  it("sends no ring time without a number for no answer", () => {
    expect(forwardBody(form({ no_answer_secs: "25" }))).toEqual(noForward);
  });
});

describe("activeForwards", () => {
  const tests: [string, Partial<typeof noForward>, string[]][] = [
    ["nothing", {}, []],
    ["always takes every call", { number: "102", enabled: true, busy: "103" }, ["always 102"]],
    ["always off keeps its number but not its effect", { number: "102", enabled: false, busy: "103" }, ["busy 103"]],
    ["the conditions in order", { unreachable: "105", no_answer: "104", no_answer_secs: 20, busy: "103" }, ["busy 103", "no_answer 104", "unreachable 105"]],
  ];
  it.each(tests)("%s", (_, f, want) => {
    expect(activeForwards({ ...noForward, ...f }).map((a) => `${a.when} ${a.number}`)).toEqual(want);
  });
});
