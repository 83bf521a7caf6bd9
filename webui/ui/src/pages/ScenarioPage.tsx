// ScenarioPage shows one scenario's graph with React Flow, read-only for
// now, beside the palette of element kinds that the editor will offer.
import { Background, Controls, MarkerType, ReactFlow, useReactFlow, type Edge } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { ApiError } from "../api";
import { kinds } from "../catalogue";
import { ErrorNotice } from "../components/ErrorNotice";
import { Link } from "../components/Link";
import { useApp } from "../context";
import { mergeParallel, toGraph } from "../scenarioGraph";
import type { Scenario } from "../types";
import { ElementNode, type ElementNodeType } from "./ElementNode";

const nodeTypes = { element: ElementNode };

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

export function ScenarioPage({ id, onTitle }: { id: number; onTitle: (name: string) => void }) {
  const { t } = useTranslation();
  const { client, navigate } = useApp();
  const [scenario, setScenario] = useState<Scenario | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    client.get<Scenario>(`/api/scenarios/${id}`).then(
      (s) => {
        setScenario(s);
        onTitle(s.name);
      },
      setError,
    );
  }, [client, id, onTitle]);

  const graph = useMemo(() => (scenario ? toGraph(scenario.document) : null), [scenario]);
  useEffect(() => {
    if (graph && graph.problems.length > 0) console.warn("scenario graph:", graph.problems.join("; "));
  }, [graph]);
  const edges = useMemo<Edge[]>(
    () =>
      mergeParallel(graph?.edges ?? []).map((e) => ({
        ...e,
        markerEnd: { type: MarkerType.ArrowClosed },
        focusable: true,
        ariaLabel: `${e.source} → ${e.target}: ${e.label}`,
      })),
    [graph],
  );

  const back = (
    <p>
      <Link href="/scenarios" navigate={navigate}>
        ← {t("scenarios.back")}
      </Link>
    </p>
  );
  if (error) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <>
        {back}
        {missing ? <p role="alert">{t("scenarios.notFound")}</p> : <ErrorNotice error={error} />}
      </>
    );
  }
  if (!scenario || !graph) return <p>{t("app.loading")}</p>;
  return (
    <>
      {back}
      <p className="muted">{t("scenarios.readOnly")}</p>
      <div className="editor">
        <aside className="palette" aria-labelledby="palette-title">
          <h2 id="palette-title">{t("scenarios.palette")}</h2>
          <ul id="palette">
            {kinds.map((k) => (
              <li key={k} data-kind={k}>
                {t(`kinds.${k}`)}
              </li>
            ))}
          </ul>
        </aside>
        <div className="graph" id="graph" role="group" aria-label={t("scenarios.graph", { name: scenario.name })}>
          <ReactFlow<ElementNodeType>
            nodes={graph.nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable
            fitView
            minZoom={0.2}
          >
            <Background />
            <Controls showInteractive={false} />
            <FitOnResize />
          </ReactFlow>
        </div>
      </div>
    </>
  );
}
