// ScenarioEditor edits one scenario's graph with React Flow: elements from
// the palette, arrows from each outcome's handle, parameters in the side
// panel, delete with the Delete key or the panel's button. Save applies
// the scenario at once (PUT /api/scenarios/{id}); the box's problems are
// shown on the element and outcome they concern. The dry-run panel walks a
// described call's path on the graph.
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
  type Edge,
  type IsValidConnection,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";

import { ApiError, type Problem } from "../api";
import { isKind, type Kind } from "../catalogue";
import { ErrorNotice } from "../components/ErrorNotice";
import { useApp } from "../context";
import { highlight, noHighlight } from "../dryRun";
import { defaultParams, type Params, type Stored } from "../elementParams";
import { indexProblems, noProblems, type ProblemIndex } from "../problems";
import { connect, newElementID, toDocument, toGraph, type GraphEdge } from "../scenarioGraph";
import type { Extension, Scenario } from "../types";
import { useAction } from "../useAction";
import { EditorContext, type Editor } from "./context";
import { DryRunPanel, type Run } from "./DryRunPanel";
import { ElementNode, type ElementNodeType } from "./ElementNode";
import { ElementPanel } from "./ElementPanel";
import { useOutcomeName } from "./names";
import { dragType, Palette } from "./Palette";

const nodeTypes = { element: ElementNode };
type FlowEdge = Edge & GraphEdge;
const asFlowEdge = (e: GraphEdge): FlowEdge => ({ ...e });

// FitOnResize fits the graph into its box again when the window changes
// size, as when a phone turns.
function FitOnResize() {
  const { fitView } = useReactFlow();
  useEffect(() => {
    const onResize = () => void fitView();
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, [fitView]);
  return null;
}

// onSaved, if given, is told after each save the box took.
export function ScenarioEditor({ scenario, onSaved }: { scenario: Scenario; onSaved?: () => void }) {
  const { t } = useTranslation();
  const { client } = useApp();
  const outcomeName = useOutcomeName();
  const { screenToFlowPosition } = useReactFlow();
  const initial = useMemo(() => toGraph(scenario.document), [scenario]);
  useEffect(() => {
    if (initial.problems.length > 0) console.warn("scenario graph:", initial.problems.join("; "));
  }, [initial]);
  const [nodes, setNodes, onNodesChange] = useNodesState<ElementNodeType>(initial.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<FlowEdge>(initial.edges.map(asFlowEdge));
  const [extensions, setExtensions] = useState<Extension[]>([]);
  const [stored, setStored] = useState<Stored>({ ring_group: [], queue: [] });
  const [problems, setProblemList] = useState<Problem[]>([]);
  // status is the line under the tools: what was just done; ok marks a
  // save or check that went through, shown as a confirmation.
  const [status, setStatusLine] = useState({ text: "", ok: false });
  const setStatus = useCallback((text: string, ok = false) => setStatusLine({ text, ok }), []);
  const { busy, error, setError, run: act } = useAction();
  const [run, setRun] = useState<Run | null>(null);
  const [step, setStep] = useState(0);
  const graphBox = useRef<HTMLDivElement>(null);

  const doc = useMemo(() => toDocument(nodes, edges), [nodes, edges]);
  const docJSON = JSON.stringify(doc.elements.map((e) => ({ ...e, pos: undefined })));
  const [savedJSON, setSavedJSON] = useState(docJSON);
  const dirty = docJSON !== savedJSON;

  useEffect(() => {
    client.get<Extension[]>("/api/extensions").then(setExtensions, () => setExtensions([]));
    // The stored ring groups and queues that group and queue elements use.
    type Named = { id: number; name: string }[];
    Promise.all([client.get<Named>("/api/ring-groups"), client.get<Named>("/api/queues")]).then(
      ([ring_group, queue]) => setStored({ ring_group, queue }),
      () => setStored({ ring_group: [], queue: [] }),
    );
  }, [client]);

  const index: ProblemIndex = useMemo(
    () => (problems.length > 0 ? indexProblems(problems, nodes.map((n) => n.id)) : noProblems),
    [problems, nodes],
  );
  const lit = useMemo(() => (run ? highlight(run.steps, doc, step) : noHighlight), [run, doc, step]);
  const arrows = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const e of edges) m.set(e.source, [...(m.get(e.source) ?? []), e.sourceHandle]);
    return m;
  }, [edges]);
  const editor = useMemo<Editor>(() => ({ problems: index, highlight: lit, arrows }), [index, lit, arrows]);

  const shownEdges = useMemo(
    () =>
      edges.map((e) => {
        const onPath = lit.edges.has(e.id);
        const bad = index.elements.get(e.source)?.outcomes.has(e.sourceHandle);
        return {
          ...e,
          label: outcomeName(e.sourceHandle),
          className: [onPath ? "on-path" : "", bad ? "invalid" : ""].join(" ").trim() || undefined,
          animated: onPath,
          ariaLabel: t("editor.arrowLabel", { from: e.source, outcome: outcomeName(e.sourceHandle), to: e.target }),
        };
      }),
    [edges, lit, index, outcomeName, t],
  );

  const selected = nodes.find((n) => n.selected) ?? null;

  const addElement = useCallback(
    (kind: Kind, at?: { x: number; y: number }) => {
      let position = at;
      if (!position) {
        const r = graphBox.current?.getBoundingClientRect();
        position = r ? screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }) : { x: 0, y: 0 };
        position = { x: position.x - 80, y: position.y - 30 };
      }
      const id = newElementID(kind, nodes.map((n) => n.id));
      const node: ElementNodeType = { id, type: "element", position, selected: true, data: { id, kind, known: true, label: "", params: defaultParams(kind) } };
      setNodes((ns) => [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), node]);
      setStatus(t("editor.added", { kind: t(`kinds.${kind}`), id }));
    },
    [nodes, screenToFlowPosition, setNodes, setStatus, t],
  );

  const onDrop = useCallback(
    (ev: DragEvent<HTMLDivElement>) => {
      const kind = ev.dataTransfer.getData(dragType);
      if (!isKind(kind)) return;
      ev.preventDefault();
      addElement(kind, screenToFlowPosition({ x: ev.clientX, y: ev.clientY }));
    },
    [addElement, screenToFlowPosition],
  );
  const onDragOver = (ev: DragEvent<HTMLDivElement>) => {
    if (!ev.dataTransfer.types.includes(dragType)) return;
    ev.preventDefault();
    ev.dataTransfer.dropEffect = "copy";
  };

  const setArrow = useCallback(
    (source: string, outcome: string, target: string | null) => setEdges((es) => connect(es, source, outcome, target, asFlowEdge)),
    [setEdges],
  );
  const onConnect = useCallback(
    (c: Connection) => {
      if (c.sourceHandle) setArrow(c.source, c.sourceHandle, c.target);
    },
    [setArrow],
  );
  const isValidConnection: IsValidConnection<FlowEdge> = useCallback(
    (c) => !!c.sourceHandle && nodes.find((n) => n.id === c.target)?.data.kind !== "incoming",
    [nodes],
  );

  const update = (id: string, patch: { label?: string; params?: Params }) =>
    setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...patch } } : n)));
  const remove = (id: string) => {
    setNodes((ns) => ns.filter((n) => n.id !== id));
    setEdges((es) => es.filter((e) => e.source !== id && e.target !== id));
    setStatus(t("editor.deleted", { id }));
  };

  const refused = (e: unknown) => {
    setError(e);
    setProblemList(e instanceof ApiError ? e.problems : []);
  };

  // request runs f with the status line cleared; a refusal's problems go
  // on the graph.
  const request = (f: () => Promise<void>) => {
    setStatus("");
    return act(async () => {
      try {
        await f();
      } catch (e) {
        setProblemList(e instanceof ApiError ? e.problems : []);
        throw e;
      }
    });
  };

  const save = () =>
    request(async () => {
      await client.put(`/api/scenarios/${scenario.id}`, { name: scenario.name, document: doc });
      setProblemList([]);
      setSavedJSON(docJSON);
      setStatus(t("editor.saved"), true);
      onSaved?.();
    });

  const check = () =>
    request(async () => {
      const r = await client.post<{ valid: boolean; problems: Problem[] }>("/api/scenarios/validate", { document: doc });
      setProblemList(r.problems ?? []);
      setStatus(r.valid ? t("editor.valid") : t("editor.problems", { count: r.problems.length }), r.valid);
    });

  return (
    <EditorContext.Provider value={editor}>
      <div className="editor-tools">
        <button type="button" id="save" onClick={save} disabled={busy}>
          {t("editor.save")}
        </button>
        <button type="button" id="check" className="secondary" onClick={check} disabled={busy}>
          {t("editor.check")}
        </button>
        <span className={dirty ? "badge" : "badge live"} id="dirty">
          {dirty ? t("editor.unsaved") : t("editor.upToDate")}
        </span>
        <span role="status" id="editor-status" className={status.ok ? "ok" : "muted"}>
          {status.text}
        </span>
      </div>
      <ErrorNotice error={error} />
      <div className="editor">
        <Palette onAdd={(k) => addElement(k)} />
        <div className="graph" id="graph" role="group" aria-label={t("scenarios.graph", { name: scenario.name })}
          ref={graphBox} onDrop={onDrop} onDragOver={onDragOver}>
          <ReactFlow<ElementNodeType, FlowEdge>
            nodes={nodes}
            edges={shownEdges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            isValidConnection={isValidConnection}
            defaultEdgeOptions={{ markerEnd: { type: MarkerType.ArrowClosed }, focusable: true }}
            deleteKeyCode={["Delete", "Backspace"]}
            fitView
            minZoom={0.2}
          >
            <Background />
            <Controls />
            <FitOnResize />
          </ReactFlow>
        </div>
        <div className="side">
          {selected ? (
            <ElementPanel
              key={selected.id}
              data={selected.data}
              others={nodes.filter((n) => n.id !== selected.id).map((n) => n.data)}
              arrows={Object.fromEntries(edges.filter((e) => e.source === selected.id).map((e) => [e.sourceHandle, e.target]))}
              problems={index.elements.get(selected.id)?.all ?? []}
              extensions={extensions}
              stored={stored}
              onLabel={(label) => update(selected.id, { label })}
              onParams={(params) => update(selected.id, { params })}
              onArrow={(o, target) => setArrow(selected.id, o, target)}
              onDelete={() => remove(selected.id)}
            />
          ) : (
            <section className="panel">
              <p className="hint">{t("editor.selectHint")}</p>
            </section>
          )}
        </div>
      </div>
      <DryRunPanel doc={doc} run={run} step={step} onRun={setRun} onStep={setStep} onProblems={refused} />
    </EditorContext.Provider>
  );
}
