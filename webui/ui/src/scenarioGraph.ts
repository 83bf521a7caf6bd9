// Conversion of a scenario document ({"schema": 1, "elements": [...]}, as
// pbx/scenario reads it) into the nodes and edges that React Flow draws.

import { isKind } from "./catalogue";

// ElementData is what a node carries: the element's ID, its kind (as
// written, even when the app does not know it) and its label.
export interface ElementData extends Record<string, unknown> {
  id: string;
  kind: string;
  known: boolean;
  label: string;
}

// GraphNode and GraphEdge are the subset of React Flow's Node and Edge that
// the conversion fills in.
export interface GraphNode {
  id: string;
  type: "element";
  position: { x: number; y: number };
  data: ElementData;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label: string;
}

// Graph is a converted document. problems lists what could not be drawn
// as written (an arrow to a missing element, a repeated ID), in English, for
// the developer console; the editor's own validation comes from the API.
export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  problems: string[];
}

// Layout of elements that have no position: a column per step from the
// first element, in pixels.
export const layoutStepX = 240;
export const layoutStepY = 120;

interface RawElement {
  id: string;
  type: string;
  label: string;
  next: Record<string, string>;
  pos: { x: number; y: number } | null;
}

function readElement(v: unknown, i: number, problems: string[]): RawElement | null {
  if (typeof v !== "object" || v === null) {
    problems.push(`elements[${i}] is not an object`);
    return null;
  }
  const e = v as Record<string, unknown>;
  if (typeof e.id !== "string" || e.id === "") {
    problems.push(`elements[${i}] has no id`);
    return null;
  }
  const next: Record<string, string> = {};
  if (typeof e.next === "object" && e.next !== null) {
    for (const [outcome, target] of Object.entries(e.next as Record<string, unknown>)) {
      if (typeof target === "string" && target !== "") next[outcome] = target;
    }
  }
  let pos: RawElement["pos"] = null;
  const p = e.pos as Record<string, unknown> | undefined;
  if (p && typeof p.x === "number" && typeof p.y === "number") pos = { x: p.x, y: p.y };
  return {
    id: e.id,
    type: typeof e.type === "string" ? e.type : "",
    label: typeof e.label === "string" ? e.label : "",
    next,
    pos,
  };
}

// toGraph converts a scenario document. Elements keep their saved
// position; the others are laid out by their distance in arrows from the
// first element, one column per step. It never throws: a document it
// cannot read gives an empty graph and a problem.
export function toGraph(doc: unknown): Graph {
  const problems: string[] = [];
  const list = (doc as { elements?: unknown } | null)?.elements;
  if (!Array.isArray(list)) {
    return { nodes: [], edges: [], problems: ["the document has no elements list"] };
  }
  const elements: RawElement[] = [];
  const seen = new Set<string>();
  list.forEach((v, i) => {
    const e = readElement(v, i, problems);
    if (!e) return;
    if (seen.has(e.id)) {
      problems.push(`element id ${JSON.stringify(e.id)} is used twice; the second is not drawn`);
      return;
    }
    seen.add(e.id);
    elements.push(e);
  });

  const edges: GraphEdge[] = [];
  for (const e of elements) {
    for (const [outcome, target] of Object.entries(e.next)) {
      if (!seen.has(target)) {
        problems.push(`element ${JSON.stringify(e.id)}: outcome ${JSON.stringify(outcome)} goes to missing element ${JSON.stringify(target)}`);
        continue;
      }
      edges.push({ id: `${e.id}:${outcome}`, source: e.id, target, label: outcome });
    }
  }

  const depth = depths(elements);
  const rows = new Map<number, number>(); // depth -> elements placed in that column
  const nodes = elements.map((e): GraphNode => {
    let position = e.pos;
    if (!position) {
      const d = depth.get(e.id) ?? 0;
      const row = rows.get(d) ?? 0;
      rows.set(d, row + 1);
      position = { x: d * layoutStepX, y: row * layoutStepY };
    }
    return {
      id: e.id,
      type: "element",
      position,
      data: { id: e.id, kind: e.type, known: isKind(e.type), label: e.label },
    };
  });
  return { nodes, edges, problems };
}

// depths returns each element's distance in arrows from the first element
// (breadth first); elements it cannot reach go one column past the last.
function depths(elements: RawElement[]): Map<string, number> {
  const byID = new Map(elements.map((e) => [e.id, e]));
  const depth = new Map<string, number>();
  if (elements.length === 0) return depth;
  const queue = [elements[0].id];
  depth.set(elements[0].id, 0);
  let max = 0;
  while (queue.length > 0) {
    const id = queue.shift()!;
    const d = depth.get(id)!;
    max = Math.max(max, d);
    for (const target of Object.values(byID.get(id)!.next)) {
      if (byID.has(target) && !depth.has(target)) {
        depth.set(target, d + 1);
        queue.push(target);
      }
    }
  }
  for (const e of elements) {
    if (!depth.has(e.id)) depth.set(e.id, max + 1);
  }
  return depth;
}

// mergeParallel joins the edges that run between the same two elements
// into one, labelled with their outcomes in order ("no_input, invalid"),
// so that a read-only view does not draw labels on top of each other.
export function mergeParallel(edges: GraphEdge[]): GraphEdge[] {
  const byEnds = new Map<string, GraphEdge>();
  for (const e of edges) {
    const ends = JSON.stringify([e.source, e.target]);
    const have = byEnds.get(ends);
    if (have) have.label = `${have.label}, ${e.label}`;
    else byEnds.set(ends, { ...e });
  }
  return [...byEnds.values()];
}
