// EditorContext gives the graph's nodes what the editor knows beyond their
// own data: the problems the box found, the dry run's path, and the
// outcomes that have arrows (an arrow may leave by an outcome the element
// no longer has, and still needs a handle to be drawn and deleted).
import { createContext, useContext } from "react";

import { noHighlight, type Highlight } from "../dryRun";
import { noProblems, type ProblemIndex } from "../problems";

export interface Editor {
  problems: ProblemIndex;
  highlight: Highlight;
  arrows: Map<string, string[]>; // element ID -> outcomes with an arrow
}

export const EditorContext = createContext<Editor>({ problems: noProblems, highlight: noHighlight, arrows: new Map() });

export function useEditor(): Editor {
  return useContext(EditorContext);
}
