// ElementNode draws one scenario element on the graph: its label and kind
// in the chosen language, a handle for arrows in, one handle per outcome
// for arrows out, and the problems the box found with it and its outcomes.
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { useTranslation } from "react-i18next";

import { outcomesOf } from "../outcomes";
import type { ElementData } from "../scenarioGraph";
import { useEditor } from "./context";
import { useOutcomeName } from "./names";

export type ElementNodeType = Node<ElementData, "element">;

export function ElementNode({ data }: NodeProps<ElementNodeType>) {
  const { t } = useTranslation();
  const outcomeName = useOutcomeName();
  const { problems, highlight, arrows } = useEditor();
  const kind = data.known ? t(`kinds.${data.kind}`) : t("scenarios.unknownKind", { kind: data.kind });
  const outs = outcomesOf(data.kind, data.params);
  const stray = (arrows.get(data.id) ?? []).filter((o) => !outs.includes(o));
  const mine = problems.elements.get(data.id);
  const classes = ["element"];
  if (!data.known) classes.push("unknown");
  if (mine) classes.push("invalid");
  if (highlight.nodes.has(data.id)) classes.push("on-path");
  if (highlight.current === data.id) classes.push("current");
  return (
    <div
      className={classes.join(" ")}
      data-element={data.id}
      data-kind={data.kind}
      data-path={highlight.nodes.has(data.id) || undefined}
      data-current={highlight.current === data.id || undefined}
    >
      {data.kind !== "incoming" ? <Handle type="target" position={Position.Left} /> : null}
      <div className="element-label">{data.label || kind}</div>
      {data.label ? <div className="element-kind">{kind}</div> : null}
      <div className="element-id">{data.id}</div>
      {outs.length + stray.length > 0 ? (
        <ul className="outcomes">
          {[...outs, ...stray].map((o) => {
            const bad = mine?.outcomes.get(o);
            const cls = ["outcome"];
            if (bad) cls.push("invalid");
            if (stray.includes(o)) cls.push("stray");
            return (
              <li key={o} className={cls.join(" ")} data-outcome={o} title={bad?.map((p) => p.message).join("\n")}>
                {outcomeName(o)}
                <Handle type="source" position={Position.Right} id={o} />
              </li>
            );
          })}
        </ul>
      ) : (
        <div className="element-final">{t("editor.final")}</div>
      )}
      {mine ? (
        <ul className="element-problems">
          {mine.all.map((p, i) => (
            <li key={i}>
              {p.outcome ? <strong>{outcomeName(p.outcome)}: </strong> : null}
              {p.field ? <code>{p.field}</code> : null} {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
