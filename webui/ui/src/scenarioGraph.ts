// Conversion between a scenario document ({"schema": 1, "elements": [...]},
// as pbx/scenario reads it) and the nodes and edges that React Flow draws:
// an element is a node, an outcome's arrow is an edge from the outcome's
// handle. toDocument(toGraph(doc)) gives doc back.

import { isKind } from "./catalogue";
import type { Params } from "./elementParams";

// SchemaVersion is the version of the document that the box reads.
export const schemaVersion = 1;

// ElementData is what a node carries: the element's ID, its kind (as
// written, even when the app does not know it), its label and parameters.
export interface ElementData extends Record<string, unknown> {
  id: string;
  kind: string;
  known: boolean;
  label: string;
  params: Params;
}

// GraphNode and GraphEdge are the subset of React Flow's Node and Edge that
// the conversion fills in. An edge's sourceHandle is its outcome.
export interface GraphNode {
  id: string;
  type: "element";
  position: { x: number; y: number };
  data: ElementData;
  selected?: boolean;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle: string;
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

// Element is one element of a document, as toDocument writes it.
export interface Element {
  id: string;
  type: string;
  label?: string;
  params: Params;
  next?: Record<string, string>;
  pos?: { x: number; y: number };
}

// Document is a scenario document.
export interface Document {
  schema: number;
  elements: Element[];
}

// Layout of elements that have no position: a column per step from the
// first element, in pixels.
export const layoutStepX = 260;
export const layoutStepY = 140;

interface RawElement {
  id: string;
  type: string;
  label: string;
  params: Params;
  next: Record<string, string>;
  pos: { x: number; y: number } | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function readElement(v: unknown, i: number, problems: string[]): RawElement | null {
  if (!isRecord(v)) {
    problems.push(`elements[${i}] is not an object`);
    return null;
  }
  if (typeof v.id !== "string" || v.id === "") {
    problems.push(`elements[${i}] has no id`);
    return null;
  }
  const next: Record<string, string> = {};
  if (isRecord(v.next)) {
    for (const [outcome, target] of Object.entries(v.next)) {
      if (typeof target === "string" && target !== "") next[outcome] = target;
    }
  }
  let pos: RawElement["pos"] = null;
  if (isRecord(v.pos) && typeof v.pos.x === "number" && typeof v.pos.y === "number") pos = { x: v.pos.x, y: v.pos.y };
  return {
    id: v.id,
    type: typeof v.type === "string" ? v.type : "",
    label: typeof v.label === "string" ? v.label : "",
    params: isRecord(v.params) ? { ...v.params } : {},
    next,
    pos,
  };
}

// edgeID is the ID of the edge of an element's outcome: one arrow per
// outcome.
export function edgeID(source: string, outcome: string): string {
  return `${source}:${outcome}`;
}

// toGraph converts a scenario document. Elements keep their saved
// position; the others are laid out by their distance in arrows from the
// first element, one column per step. It never throws: a document it
// cannot read gives an empty graph and a problem.
export function toGraph(doc: unknown): Graph {
  const problems: string[] = [];
  const list = isRecord(doc) ? doc.elements : undefined;
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
      edges.push({ id: edgeID(e.id, outcome), source: e.id, target, sourceHandle: outcome, label: outcome });
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
      data: { id: e.id, kind: e.type, known: isKind(e.type), label: e.label, params: e.params },
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

// NodeLike and EdgeLike are what toDocument reads of React Flow's nodes
// and edges.
export interface NodeLike {
  id: string;
  position: { x: number; y: number };
  data: ElementData;
}

export interface EdgeLike {
  source: string;
  target: string;
  sourceHandle?: string | null;
}

// toDocument writes the graph as a document: the elements in the nodes'
// order, each with its arrows as next (by the edge's handle, its outcome)
// and its position in whole pixels, which is all the box keeps of it.
// Edges from or to a node that is not there are left out.
export function toDocument(nodes: readonly NodeLike[], edges: readonly EdgeLike[]): Document {
  const ids = new Set(nodes.map((n) => n.id));
  const next = new Map<string, Record<string, string>>();
  for (const e of edges) {
    if (!e.sourceHandle || !ids.has(e.source) || !ids.has(e.target)) continue;
    const m = next.get(e.source) ?? {};
    m[e.sourceHandle] = e.target;
    next.set(e.source, m);
  }
  return {
    schema: schemaVersion,
    elements: nodes.map((n) => {
      const el: Element = { id: n.id, type: n.data.kind, params: n.data.params };
      if (n.data.label) el.label = n.data.label;
      const out = next.get(n.id);
      if (out && Object.keys(out).length > 0) el.next = out;
      el.pos = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
      return el;
    }),
  };
}

// newElementID returns an ID for a new element of kind that no element in
// taken has: the kind and the first free number, "menu1", "menu2", ...
export function newElementID(kind: string, taken: Iterable<string>): string {
  const have = new Set(taken);
  for (let i = 1; ; i++) {
    const id = `${kind}${i}`;
    if (!have.has(id)) return id;
  }
}

// connect returns edges with the arrow of source's outcome going to
// target: an outcome has one arrow, so an earlier one is replaced.
export function connect<E extends GraphEdge>(edges: readonly E[], source: string, outcome: string, target: string | null, make: (e: GraphEdge) => E): E[] {
  const rest = edges.filter((e) => !(e.source === source && e.sourceHandle === outcome));
  if (target === null || target === "") return rest;
  return [...rest, make({ id: edgeID(source, outcome), source, target, sourceHandle: outcome, label: outcome })];
}
