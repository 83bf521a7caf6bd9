// The difference between two scenario documents, element by element.
import { describe, expect, it } from "vitest";

import { diffScenarios, isEmpty } from "../../src/scenarioDiff";

const before = {
  schema: 1,
  elements: [
    { id: "in", type: "incoming", next: { next: "menu" }, pos: { x: 0, y: 0 } },
    { id: "menu", type: "menu", label: "Main menu", params: { keys: ["1", "2"], timeout: 5 }, next: { "1": "sales", "2": "bye", no_input: "bye" } },
    { id: "sales", type: "group", label: "Sales", params: { members: ["101", "102"], ring_time: 20 }, next: { next: "vm" } },
    { id: "vm", type: "voicemail", params: { mailbox: "101" } },
    { id: "bye", type: "hangup" },
  ],
};

const ref = (id: string, kind: string, label = "") => ({ id, kind, label });

describe("diffScenarios", () => {
  it("finds nothing between a document and itself, whatever the positions and key order", () => {
    const moved = structuredClone(before);
    moved.elements[0].pos = { x: 300, y: 40 };
    moved.elements[1].params = { timeout: 5, keys: ["1", "2"] };
    expect(isEmpty(diffScenarios(before, moved))).toBe(true);
  });

  it("names elements added and removed, without their own arrows", () => {
    const after = structuredClone(before);
    after.elements = after.elements.filter((e) => e.id !== "vm");
    after.elements[2].next = { next: "desk" };
    after.elements.push({ id: "desk", type: "internal", label: "Reception", params: { extension: "100" }, next: { next: "bye" } } as never);
    const d = diffScenarios(before, after);
    expect(d.added).toEqual([ref("desk", "internal", "Reception")]);
    expect(d.removed).toEqual([ref("vm", "voicemail")]);
    // sales -> vm went with vm, sales -> desk came with desk: both are
    // arrows of an element in both documents, so they are listed; desk ->
    // bye is desk's own and is not.
    expect(d.arrowsAdded).toEqual([{ from: ref("sales", "group", "Sales"), outcome: "next", to: ref("desk", "internal", "Reception") }]);
    expect(d.arrowsRemoved).toEqual([{ from: ref("sales", "group", "Sales"), outcome: "next", to: ref("vm", "voicemail") }]);
    expect(d.changed).toEqual([]);
  });

  it("lists changed, added and removed parameters and a new label", () => {
    const after = structuredClone(before);
    after.elements[2].params = { members: ["101", "103"], strategy: "all" } as never;
    after.elements[1].label = "Welcome";
    const d = diffScenarios(before, after);
    expect(d.changed).toEqual([
      { element: ref("menu", "menu", "Welcome"), field: "label", param: false, before: "Main menu", after: "Welcome" },
      { element: ref("sales", "group", "Sales"), field: "members", param: true, before: ["101", "102"], after: ["101", "103"] },
      { element: ref("sales", "group", "Sales"), field: "ring_time", param: true, before: 20, after: undefined },
      { element: ref("sales", "group", "Sales"), field: "strategy", param: true, before: undefined, after: "all" },
    ]);
    expect(d.added).toEqual([]);
    expect(d.arrowsAdded).toEqual([]);
  });

  it("sees an arrow pointed elsewhere as one removed and one added", () => {
    const after = structuredClone(before);
    after.elements[1].next = { "1": "sales", "2": "vm" } as never;
    const d = diffScenarios(before, after);
    expect(d.arrowsAdded).toEqual([{ from: ref("menu", "menu", "Main menu"), outcome: "2", to: ref("vm", "voicemail") }]);
    expect(d.arrowsRemoved).toEqual([
      { from: ref("menu", "menu", "Main menu"), outcome: "2", to: ref("bye", "hangup") },
      { from: ref("menu", "menu", "Main menu"), outcome: "no_input", to: ref("bye", "hangup") },
    ]);
  });

  it("reads an unreadable document as empty", () => {
    const d = diffScenarios(null, before);
    expect(d.added.map((e) => e.id)).toEqual(["in", "menu", "sales", "vm", "bye"]);
    expect(d.arrowsAdded).toEqual([]);
    expect(isEmpty(diffScenarios({ elements: "no" }, { schema: 1, elements: [] }))).toBe(true);
  });
});
