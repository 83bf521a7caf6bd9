// Each element kind has the outcomes pbx/scenario gives it: one handle
// each on the graph.
import { describe, expect, it } from "vitest";

import { kinds } from "../../src/catalogue";
import { outcomesOf } from "../../src/outcomes";

describe("outcomesOf", () => {
  const tests: { kind: string; params: unknown; want: string[] }[] = [
    { kind: "incoming", params: {}, want: ["next"] },
    { kind: "internal", params: { extension: "101" }, want: [] },
    { kind: "internal", params: { extension: "101", ring_time: 20 }, want: ["next"] },
    { kind: "external", params: { ring_time: 30 }, want: ["next"] },
    { kind: "mobile", params: {}, want: [] },
    { kind: "group", params: { members: ["101"] }, want: ["next"] },
    { kind: "queue", params: {}, want: ["timeout"] },
    { kind: "queue", params: { exit_key: "0" }, want: ["timeout", "exit"] },
    { kind: "queue", params: { queue_id: 3 }, want: ["timeout", "exit"] },
    { kind: "conference", params: { room: "1" }, want: [] },
    { kind: "conference", params: { room: "1", pin: "1234" }, want: ["refused"] },
    { kind: "fax", params: {}, want: [] },
    { kind: "schedule", params: { intervals: ["working", "non_working", "lunch"] }, want: ["working", "non_working", "lunch"] },
    { kind: "list", params: {}, want: ["match", "no_match"] },
    { kind: "condition", params: {}, want: ["true", "false"] },
    { kind: "conditions", params: { conditions: [{ name: "vip" }, { name: "late" }] }, want: ["vip", "late", "default"] },
    { kind: "code", params: {}, want: ["next", "error"] },
    { kind: "http", params: {}, want: ["ok", "error"] },
    { kind: "menu", params: { keys: ["1", "2"] }, want: ["1", "2", "no_input", "invalid"] },
    { kind: "menu", params: { keys: ["1"], leave_key: "*", direct_dial: true }, want: ["1", "no_input", "invalid", "leave", "dial_failed"] },
    { kind: "message", params: {}, want: ["next"] },
    { kind: "message", params: { hangup: true }, want: [] },
    { kind: "speech", params: {}, want: ["next"] },
    { kind: "sms", params: {}, want: ["next"] },
    { kind: "voicemail", params: { mailbox: "101" }, want: [] },
    { kind: "forward", params: { to: "internal", ring_time: 20 }, want: ["next"] },
    { kind: "forward", params: { to: "external" }, want: [] },
    { kind: "forward", params: { to: "voicemail" }, want: [] },
    { kind: "forward", params: {}, want: [] },
    { kind: "scenario", params: {}, want: [] },
    { kind: "hangup", params: {}, want: [] },
    { kind: "question_answer", params: { answers: [{ name: "yes" }, { name: "no" }] }, want: ["yes", "no", "not_understood"] },
    { kind: "ai", params: {}, want: ["next"] },
    { kind: "campaign", params: {}, want: ["next"] },
    { kind: "manager", params: {}, want: ["next"] },
    { kind: "teleport", params: {}, want: [] },
  ];
  it.each(tests)("$kind $params -> $want", ({ kind, params, want }) => {
    expect(outcomesOf(kind, params)).toEqual(want);
  });

  it("covers every kind of the catalogue", () => {
    const tested = new Set(tests.map((t) => t.kind));
    for (const k of kinds) expect(tested.has(k), k).toBe(true);
  });

  it.each([null, 7, "x", [], { keys: "1" }, { keys: [1, "2"] }])("reads bad parameters %j without throwing", (params) => {
    expect(() => outcomesOf("menu", params)).not.toThrow();
    expect(outcomesOf("menu", params).slice(-2)).toEqual(["no_input", "invalid"]);
  });
});
