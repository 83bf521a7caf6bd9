// Picking the extensions an outbound rule is kept for.
import { describe, expect, it } from "vitest";

import { pickExtension, sameExtensions } from "../../src/ports/ruleExtensions";

describe("pickExtension", () => {
  const all = ["101", "102", "103"];
  const tests: [string, string[], string, boolean, string[]][] = [
    ["ticks one", [], "102", true, ["102"]],
    ["keeps the extensions' order", ["103"], "101", true, ["101", "103"]],
    ["unticks one", ["101", "102"], "101", false, ["102"]],
    ["ticking twice keeps one", ["101"], "101", true, ["101"]],
    ["drops numbers no longer extensions", ["109", "101"], "102", true, ["101", "102"]],
    ["unticking the last opens the rule", ["103"], "103", false, []],
  ];
  it.each(tests)("%s", (_, picked, number, on, want) => {
    const before = [...picked];
    expect(pickExtension(picked, all, number, on)).toEqual(want);
    expect(picked).toEqual(before);
  });
});

describe("sameExtensions", () => {
  it("compares as sets of the same size", () => {
    expect(sameExtensions(["101", "102"], ["102", "101"])).toBe(true);
    expect(sameExtensions(["101"], ["101", "102"])).toBe(false);
    expect(sameExtensions(["101", "103"], ["101", "102"])).toBe(false);
    expect(sameExtensions([], [])).toBe(true);
  });
});
