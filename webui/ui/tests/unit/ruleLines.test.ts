// Ordering an outbound rule's lines: move, add, remove, and the keys that
// name lines in selects.
import { describe, expect, it } from "vitest";

import { addLine, lineKey, moveLine, parseLineKey, removeLine, type RuleLine } from "../../src/ruleLines";

describe("moveLine", () => {
  const tests: [string, number, number, string[]][] = [
    ["down one", 0, 1, ["b", "a", "c", "d"]],
    ["up one", 2, 1, ["a", "c", "b", "d"]],
    ["to the end", 0, 3, ["b", "c", "d", "a"]],
    ["to the top", 3, 0, ["d", "a", "b", "c"]],
    ["past the end clamps", 1, 9, ["a", "c", "d", "b"]],
    ["above the top clamps", 1, -1, ["b", "a", "c", "d"]],
    ["in place", 2, 2, ["a", "b", "c", "d"]],
    ["from nowhere", 7, 0, ["a", "b", "c", "d"]],
  ];
  it.each(tests)("%s", (_, from, to, want) => {
    const lines = ["a", "b", "c", "d"];
    expect(moveLine(lines, from, to)).toEqual(want);
    expect(lines).toEqual(["a", "b", "c", "d"]);
  });
});

describe("line keys", () => {
  const tests: [RuleLine, string][] = [
    [{ sip_trunk_id: 3 }, "trunk:3"],
    [{ fxo_line_id: 1 }, "fxo:1"],
    [{ gsm_module_id: 2 }, "gsm:2"],
  ];
  it.each(tests)("%j <-> %s", (line, key) => {
    expect(lineKey(line)).toBe(key);
    expect(parseLineKey(key)).toEqual(line);
  });
  it.each(["", "gsm:", "gsm:0", "gsm:-1", "sip:1", "fxo:1x"])("refuses %j", (key) => {
    expect(parseLineKey(key)).toBeNull();
  });
});

describe("addLine and removeLine", () => {
  it("adds a line once and removes by position", () => {
    let lines: RuleLine[] = [{ gsm_module_id: 1 }];
    lines = addLine(lines, { fxo_line_id: 1 });
    lines = addLine(lines, { gsm_module_id: 1 });
    expect(lines).toEqual([{ gsm_module_id: 1 }, { fxo_line_id: 1 }]);
    expect(removeLine(lines, 0)).toEqual([{ fxo_line_id: 1 }]);
    expect(removeLine(lines, 5)).toEqual(lines);
  });
});
