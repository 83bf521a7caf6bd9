// The side panel's parameter editing: dotted paths, defaults, forms,
// the JSON editor's reading, and problems sorted by element and outcome.
import { describe, expect, it } from "vitest";

import { causes } from "../../src/calls/query";
import { kinds } from "../../src/catalogue";
import { chooseStored, defaultParams, formOf, getPath, labelKey, parseList, setPath, sortKeys } from "../../src/elementParams";
import { parseParams } from "../../src/editor/JsonParams";
import { en } from "../../src/locales/en";
import { outcomesOf } from "../../src/outcomes";
import { indexProblems } from "../../src/problems";

describe("setPath and getPath", () => {
  it("set a nested value without changing the original", () => {
    const p = { keys: ["1"] };
    const q = setPath(p, "prompt.text", "Hello");
    expect(q).toEqual({ keys: ["1"], prompt: { text: "Hello" } });
    expect(p).toEqual({ keys: ["1"] });
    expect(getPath(q, "prompt.text")).toBe("Hello");
    expect(getPath(q, "keys.length")).toBeUndefined();
  });

  it("remove a parameter set to an empty value", () => {
    const p = { ring_time: 20, extension: "101", prompt: { text: "x" } };
    expect(setPath(p, "ring_time", undefined)).toEqual({ extension: "101", prompt: { text: "x" } });
    expect(setPath(p, "extension", "")).toEqual({ ring_time: 20, prompt: { text: "x" } });
    expect(setPath(p, "prompt.text", "")).toEqual({ ring_time: 20, extension: "101", prompt: {} });
    expect(setPath({ keys: ["1"] }, "keys", [])).toEqual({});
  });
});

describe("forms", () => {
  it("label every field in English", () => {
    const params = en.params as Record<string, string>;
    for (const k of kinds) {
      for (const f of formOf(k) ?? []) expect(params[labelKey(f.path).slice("params.".length)], `${k} ${f.path}`).toBeDefined();
    }
  });

  it("give a new element the outcomes it is drawn with", () => {
    expect(outcomesOf("menu", defaultParams("menu"))).toEqual(["1", "no_input", "invalid"]);
    expect(outcomesOf("internal", defaultParams("internal"))).toEqual(["next"]);
    expect(outcomesOf("conditions", defaultParams("conditions"))).toEqual(["first", "default"]);
    expect(formOf("incoming")).toEqual([]);
    expect(formOf("http")).toBeNull();
  });
});

describe("the hang-up form", () => {
  it("offers every cause a call record names, each with a name", () => {
    const options = formOf("hangup")?.find((f) => f.path === "cause")?.options ?? [];
    expect([...options].filter((o) => o !== "").sort()).toEqual([...causes].sort());
    const names = en.options as Record<string, string>;
    for (const c of causes) expect(names[c], c).toBeDefined();
  });
});

describe("the queue form", () => {
  it("edits early media as a check box, left out when off", () => {
    expect(formOf("queue")).toContainEqual({ path: "early_media", kind: "check" });
    const on = setPath(defaultParams("queue"), "early_media", true);
    expect(on).toEqual({ agents: [], strategy: "ring_all", max_wait: 300, early_media: true });
    expect(setPath(on, "early_media", false)).toEqual(defaultParams("queue"));
  });

  it("leaves early media to a stored queue once one is chosen", () => {
    expect(chooseStored("queue", { agents: ["101"], early_media: true, announce_every: 30 }, "queue_id", 4)).toEqual({ queue_id: 4, announce_every: 30 });
  });
});

describe("sortKeys and parseList", () => {
  it("keep keypad order and drop empties", () => {
    expect(sortKeys(["#", "0", "2", "1", "2"])).toEqual(["1", "2", "0", "#"]);
    expect(parseList(" working, ,lunch ,")).toEqual(["working", "lunch"]);
  });
});

describe("parseParams", () => {
  it.each([
    ['{"a": 1}', { params: { a: 1 } }],
    ["[1]", { error: "" }],
    ["null", { error: "" }],
  ])("reads %s", (text, want) => {
    expect(parseParams(text)).toEqual(want);
  });
  it("says why text is not JSON", () => {
    const r = parseParams("{oops");
    expect("error" in r && r.error !== "").toBe(true);
  });
});

describe("indexProblems", () => {
  it("sorts problems by element and outcome", () => {
    const idx = indexProblems(
      [
        { element: "sales", outcome: "next", message: "not connected" },
        { element: "sales", field: "members", message: "a group needs at least one member" },
        { element: "gone", message: "x" },
        { message: "a scenario starts at one Incoming call element" },
      ],
      ["in", "sales"],
    );
    expect(idx.elements.get("sales")?.all.length).toBe(2);
    expect(idx.elements.get("sales")?.outcomes.get("next")?.[0].message).toBe("not connected");
    expect(idx.general.map((p) => p.message)).toEqual(["x", "a scenario starts at one Incoming call element"]);
  });
});

describe("chooseStored", () => {
  it("leaves a stored group's members, strategy and times to it", () => {
    expect(chooseStored("group", { members: ["101"], strategy: "all", total: 30 }, "group_id", 4)).toEqual({ group_id: 4 });
  });
  it("keeps a queue element's own announcement", () => {
    const announcement = { prompt_id: 2 };
    expect(chooseStored("queue", { agents: ["101"], strategy: "ring_all", max_wait: 300, announcement, announce_every: 30 }, "queue_id", 7))
      .toEqual({ queue_id: 7, announcement, announce_every: 30 });
  });
  it("gives the element its own parameters back with none", () => {
    expect(chooseStored("group", { group_id: 4 }, "group_id", 0)).toEqual(defaultParams("group"));
    expect(chooseStored("queue", { queue_id: 7 }, "queue_id", 0)).toEqual(defaultParams("queue"));
  });
});

describe("the group and queue forms", () => {
  it("offer the stored ones first", () => {
    expect(formOf("group")?.[0]).toEqual({ path: "group_id", kind: "ring_group" });
    expect(formOf("queue")?.[0]).toEqual({ path: "queue_id", kind: "queue" });
  });
});
