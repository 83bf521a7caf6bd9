// The ring group and queue forms' request bodies and member lists.
import { describe, expect, it } from "vitest";

import { addMember, groupBody, memberName, queueBody } from "../../src/groups/forms";

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

describe("groupBody", () => {
  it("sends the members in order with the step of a strategy in turns", () => {
    expect(groupBody(form({ name: " Sales ", strategy: "in_turn", step: "10", total: "60" }), ["102", "101"])).toEqual({
      name: "Sales", members: ["102", "101"], strategy: "in_turn", step: 10, total: 60,
    });
  });
  it("sends no step when everyone rings at once", () => {
    expect(groupBody(form({ name: "Sales", strategy: "all", step: "10", total: "30" }), ["101"]).step).toBe(0);
  });
  it("copies the members", () => {
    const members = ["101"];
    const body = groupBody(form({ name: "S", strategy: "all", total: "30" }), members);
    members.push("102");
    expect(body.members).toEqual(["101"]);
  });
});

describe("queueBody", () => {
  it("reads every field", () => {
    expect(queueBody(form({ name: "Support", strategy: "round_robin", ring_time: "15", max_wait: "300", music_prompt_id: "4",
      announce_position: "on", position_text: "You are {{position}}", language: "ru", announce_every: "60", exit_key: "0", early_media: "on" }), ["101", "103"])).toEqual({
      name: "Support", agents: ["101", "103"], strategy: "round_robin", ring_time: 15, max_wait: 300, music_prompt_id: 4,
      announce_position: true, position_text: "You are {{position}}", language: "ru", announce_every: 60, exit_key: "0", early_media: true,
    });
  });
  it("leaves the music to the route and drops the position text without the announcement", () => {
    const body = queueBody(form({ name: "Q", strategy: "ring_all", max_wait: "60", music_prompt_id: "", position_text: "x {{position}}" }), []);
    expect(body.music_prompt_id).toBeNull();
    expect(body.announce_position).toBe(false);
    expect(body.position_text).toBe("");
    expect(body.ring_time).toBe(0);
    expect(body.exit_key).toBe("");
    expect(body.early_media).toBe(false);
  });
});

describe("queueBody with prefixed fields", () => {
  it("reads the fields named with the prefix", () => {
    const body = queueBody(form({ "q-name": "Support", "q-strategy": "fewest_calls", "q-max_wait": "120", name: "Sales" }), ["102"], "q-");
    expect(body.name).toBe("Support");
    expect(body.strategy).toBe("fewest_calls");
    expect(body.max_wait).toBe(120);
    expect(body.early_media).toBe(false);
    expect(queueBody(form({ "q-early_media": "on", early_media: "" }), [], "q-").early_media).toBe(true);
  });
});

describe("addMember", () => {
  const tests: [string, string[], string, string[]][] = [
    ["appends", ["101"], "102", ["101", "102"]],
    ["keeps one of each", ["101", "102"], "101", ["101", "102"]],
    ["ignores nothing chosen", ["101"], "", ["101"]],
  ];
  it.each(tests)("%s", (_, members, n, want) => {
    const before = [...members];
    expect(addMember(members, n)).toEqual(want);
    expect(members).toEqual(before);
  });
});

describe("memberName", () => {
  it("shows the name when known", () => {
    const names = new Map([["101", "Alice"]]);
    expect(memberName("101", names)).toBe("101 Alice");
    expect(memberName("109", names)).toBe("109");
  });
});
