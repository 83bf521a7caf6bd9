// Scenario documents become React Flow nodes and edges.
import { describe, expect, it } from "vitest";

import { layoutStepX, layoutStepY, mergeParallel, toGraph } from "../../src/scenarioGraph";

// menuScenario is "voice menu -> key 1 ring group -> no answer voicemail",
// as the editor will save it, with positions.
const menuScenario = {
  schema: 1,
  elements: [
    { id: "in", type: "incoming", next: { next: "menu" }, pos: { x: 0, y: 0 } },
    { id: "menu", type: "menu", label: "Main menu", params: { keys: ["1"] }, next: { "1": "sales", no_input: "bye", invalid: "bye" }, pos: { x: 200, y: 0 } },
    { id: "sales", type: "group", params: { members: ["101", "102"], strategy: "all", total: 20 }, next: { next: "vm" }, pos: { x: 400, y: 0 } },
    { id: "vm", type: "voicemail", params: { mailbox: "101" }, pos: { x: 600, y: 0 } },
    { id: "bye", type: "hangup", params: {}, pos: { x: 400, y: 150 } },
  ],
};

describe("toGraph", () => {
  it("draws every element and arrow of a scenario", () => {
    const g = toGraph(menuScenario);
    expect(g.problems).toEqual([]);
    expect(g.nodes.map((n) => [n.id, n.data.kind, n.data.label, n.position])).toEqual([
      ["in", "incoming", "", { x: 0, y: 0 }],
      ["menu", "menu", "Main menu", { x: 200, y: 0 }],
      ["sales", "group", "", { x: 400, y: 0 }],
      ["vm", "voicemail", "", { x: 600, y: 0 }],
      ["bye", "hangup", "", { x: 400, y: 150 }],
    ]);
    expect(g.nodes.every((n) => n.type === "element" && n.data.known)).toBe(true);
    expect(g.edges).toEqual([
      { id: "in:next", source: "in", target: "menu", label: "next" },
      { id: "menu:1", source: "menu", target: "sales", label: "1" },
      { id: "menu:no_input", source: "menu", target: "bye", label: "no_input" },
      { id: "menu:invalid", source: "menu", target: "bye", label: "invalid" },
      { id: "sales:next", source: "sales", target: "vm", label: "next" },
    ]);
  });

  it("lays out elements without a position by their distance from the first", () => {
    const doc = {
      schema: 1,
      elements: [
        { id: "a", type: "incoming", next: { next: "b" } },
        { id: "b", type: "menu", next: { "1": "c", "2": "d" } },
        { id: "c", type: "hangup" },
        { id: "d", type: "hangup" },
        { id: "lonely", type: "hangup" },
      ],
    };
    const pos = Object.fromEntries(toGraph(doc).nodes.map((n) => [n.id, n.position]));
    expect(pos).toEqual({
      a: { x: 0, y: 0 },
      b: { x: layoutStepX, y: 0 },
      c: { x: 2 * layoutStepX, y: 0 },
      d: { x: 2 * layoutStepX, y: layoutStepY },
      lonely: { x: 3 * layoutStepX, y: 0 },
    });
  });

  it("reports what it cannot draw, and draws the rest", () => {
    const doc = {
      schema: 1,
      elements: [
        { id: "a", type: "incoming", next: { next: "ghost", other: "b" } },
        { id: "b", type: "teleport" },
        { id: "b", type: "hangup" },
        { type: "hangup" },
        null,
      ],
    };
    const g = toGraph(doc);
    expect(g.nodes.map((n) => [n.id, n.data.known])).toEqual([
      ["a", true],
      ["b", false],
    ]);
    expect(g.edges.map((e) => e.id)).toEqual(["a:other"]);
    expect(g.problems).toEqual([
      'element id "b" is used twice; the second is not drawn',
      "elements[3] has no id",
      "elements[4] is not an object",
      'element "a": outcome "next" goes to missing element "ghost"',
    ]);
  });

  it.each([null, 7, "x", {}, { elements: "no" }])("gives an empty graph for %j", (doc) => {
    const g = toGraph(doc);
    expect(g.nodes).toEqual([]);
    expect(g.edges).toEqual([]);
    expect(g.problems.length).toBe(1);
  });
});

describe("mergeParallel", () => {
  it("joins the outcomes between the same two elements", () => {
    const merged = mergeParallel(toGraph(menuScenario).edges);
    expect(merged.map((e) => [e.id, e.source, e.target, e.label])).toEqual([
      ["in:next", "in", "menu", "next"],
      ["menu:1", "menu", "sales", "1"],
      ["menu:no_input", "menu", "bye", "no_input, invalid"],
      ["sales:next", "sales", "vm", "next"],
    ]);
  });

  it("leaves its input alone", () => {
    const edges = toGraph(menuScenario).edges;
    mergeParallel(edges);
    expect(edges.find((e) => e.id === "menu:no_input")?.label).toBe("no_input");
  });
});
