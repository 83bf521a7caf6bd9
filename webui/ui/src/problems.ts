// The problems of a scenario (from saving, validating or a dry run) sorted
// by what they concern, so that the graph marks each on its element and
// outcome.
import type { Problem } from "./api";

// ElementProblems are the problems of one element: all of them, and those
// of each outcome.
export interface ElementProblems {
  all: Problem[];
  outcomes: Map<string, Problem[]>;
}

// ProblemIndex is every problem by element ID; general are the problems
// that name no element the graph has (the whole scenario's).
export interface ProblemIndex {
  elements: Map<string, ElementProblems>;
  general: Problem[];
}

export const noProblems: ProblemIndex = { elements: new Map(), general: [] };

// indexProblems sorts problems by element and outcome; a problem naming an
// element that ids does not have is general.
export function indexProblems(problems: readonly Problem[], ids: Iterable<string>): ProblemIndex {
  const have = new Set(ids);
  const idx: ProblemIndex = { elements: new Map(), general: [] };
  for (const p of problems) {
    if (!p.element || !have.has(p.element)) {
      idx.general.push(p);
      continue;
    }
    let ep = idx.elements.get(p.element);
    if (!ep) {
      ep = { all: [], outcomes: new Map() };
      idx.elements.set(p.element, ep);
    }
    ep.all.push(p);
    if (p.outcome) ep.outcomes.set(p.outcome, [...(ep.outcomes.get(p.outcome) ?? []), p]);
  }
  return idx;
}
