// ElementNode draws one scenario element on the graph: its label and its
// kind in the chosen language, with a handle for arrows in and out.
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { useTranslation } from "react-i18next";

import type { ElementData } from "../scenarioGraph";

export type ElementNodeType = Node<ElementData, "element">;

export function ElementNode({ data }: NodeProps<ElementNodeType>) {
  const { t } = useTranslation();
  const kind = data.known ? t(`kinds.${data.kind}`) : t("scenarios.unknownKind", { kind: data.kind });
  return (
    <div className={data.known ? "element" : "element unknown"} data-element={data.id}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="element-label">{data.label || kind}</div>
      {data.label ? <div className="element-kind">{kind}</div> : null}
      <div className="element-id">{data.id}</div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}
