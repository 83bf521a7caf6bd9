// Scenario documents become React Flow nodes and edges, and back.
import { describe, expect, it } from "vitest";

import { connect, layoutStepX, layoutStepY, newElementID, toDocument, toGraph, type GraphEdge } from "../../src/scenarioGraph";

// menuScenario is "voice menu -> key 1 ring group -> no answer voicemail",
// as the editor saves it, with positions.
const menuScenario = {
  schema: 1,
  elements: [
    { id: "in", type: "incoming", params: {}, next: { next: "menu" }, pos: { x: 0, y: 0 } },
    { id: "menu", type: "menu", label: "Main menu", params: { prompt: { text: "For sales press 1" }, keys: ["1"] }, next: { "1": "sales", no_input: "bye", invalid: "bye" }, pos: { x: 200, y: 0 } },
    { id: "sales", type: "group", params: { members: ["101", "102"], strategy: "all", total: 20 }, next: { next: "vm" }, pos: { x: 400, y: 0 } },
    { id: "vm", type: "voicemail", params: { mailbox: "101" }, pos: { x: 600, y: 0 } },
    { id: "bye", type: "hangup", params: {}, pos: { x: 400, y: 150 } },
  ],
};

const same = (e: GraphEdge) => e;

describe("toGraph", () => {
  it("draws every element and an arrow from each connected outcome's handle", () => {
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
    expect(g.nodes[2].data.params).toEqual({ members: ["101", "102"], strategy: "all", total: 20 });
    expect(g.edges).toEqual([
      { id: "in:next", source: "in", target: "menu", sourceHandle: "next", label: "next" },
      { id: "menu:1", source: "menu", target: "sales", sourceHandle: "1", label: "1" },
      { id: "menu:no_input", source: "menu", target: "bye", sourceHandle: "no_input", label: "no_input" },
      { id: "menu:invalid", source: "menu", target: "bye", sourceHandle: "invalid", label: "invalid" },
      { id: "sales:next", source: "sales", target: "vm", sourceHandle: "next", label: "next" },
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

describe("toDocument", () => {
  it("gives back the document it was drawn from", () => {
    const g = toGraph(menuScenario);
    expect(toDocument(g.nodes, g.edges)).toEqual(menuScenario);
  });

  it("keeps the editor's edits: moves, new elements, parameters, rewired and deleted arrows", () => {
    const g = toGraph(menuScenario);
    // Move the menu (to a fraction of a pixel: the box keeps whole pixels).
    g.nodes[1].position = { x: 210.6, y: -3.2 };
    // A new message element; the menu's invalid input goes to it, and it
    // hangs up.
    const id = newElementID("message", g.nodes.map((n) => n.id));
    g.nodes.push({ id, type: "element", position: { x: 300, y: 300 }, data: { id, kind: "message", known: true, label: "Sorry", params: { sound: { text: "Sorry" } } } });
    let edges = connect(g.edges, "menu", "invalid", id, same);
    edges = connect(edges, id, "next", "bye", same);
    // The group's members change; its arrow to voicemail is deleted, and so
    // is the voicemail element.
    g.nodes[2].data = { ...g.nodes[2].data, params: { members: ["102"], strategy: "in_turn", step: 10, total: 60 } };
    edges = connect(edges, "sales", "next", null, same);
    const nodes = g.nodes.filter((n) => n.id !== "vm");

    expect(toDocument(nodes, edges)).toEqual({
      schema: 1,
      elements: [
        { id: "in", type: "incoming", params: {}, next: { next: "menu" }, pos: { x: 0, y: 0 } },
        { id: "menu", type: "menu", label: "Main menu", params: { prompt: { text: "For sales press 1" }, keys: ["1"] }, next: { "1": "sales", no_input: "bye", invalid: "message1" }, pos: { x: 211, y: -3 } },
        { id: "sales", type: "group", params: { members: ["102"], strategy: "in_turn", step: 10, total: 60 }, pos: { x: 400, y: 0 } },
        { id: "bye", type: "hangup", params: {}, pos: { x: 400, y: 150 } },
        { id: "message1", type: "message", label: "Sorry", params: { sound: { text: "Sorry" } }, next: { next: "bye" }, pos: { x: 300, y: 300 } },
      ],
    });
  });

  it("leaves out arrows to or from elements that are gone, and arrows without an outcome", () => {
    const g = toGraph(menuScenario);
    const nodes = g.nodes.filter((n) => n.id !== "bye");
    const doc = toDocument(nodes, [...g.edges, { source: "in", target: "sales", sourceHandle: null }]);
    expect(doc.elements.find((e) => e.id === "menu")?.next).toEqual({ "1": "sales" });
    expect(doc.elements.find((e) => e.id === "in")?.next).toEqual({ next: "menu" });
  });
});

describe("connect", () => {
  it("keeps one arrow per outcome", () => {
    const edges = toGraph(menuScenario).edges;
    const moved = connect(edges, "menu", "1", "bye", same);
    expect(moved.filter((e) => e.source === "menu").map((e) => [e.sourceHandle, e.target]).sort()).toEqual([
      ["1", "bye"],
      ["invalid", "bye"],
      ["no_input", "bye"],
    ]);
    expect(moved.length).toBe(edges.length);
    expect(edges.find((e) => e.id === "menu:1")?.target).toBe("sales");
  });
});

describe("newElementID", () => {
  it("takes the first free number of the kind", () => {
    expect(newElementID("menu", [])).toBe("menu1");
    expect(newElementID("menu", ["menu1", "menu3", "group2"])).toBe("menu2");
  });
});
