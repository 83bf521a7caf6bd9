// Palette lists every element kind of the catalogue. An element is dragged
// onto the graph, or added in the middle of the view with a click or Enter.
import type { DragEvent } from "react";
import { useTranslation } from "react-i18next";

import { kinds, type Kind } from "../catalogue";

// dragType is the drag-and-drop data type that carries a kind.
export const dragType = "application/x-hookflash-kind";

export function Palette({ onAdd }: { onAdd: (kind: Kind) => void }) {
  const { t } = useTranslation();
  const start = (ev: DragEvent<HTMLButtonElement>, kind: Kind) => {
    ev.dataTransfer.setData(dragType, kind);
    ev.dataTransfer.effectAllowed = "copy";
  };
  return (
    <aside className="palette" aria-labelledby="palette-title">
      <h2 id="palette-title">{t("scenarios.palette")}</h2>
      <p className="hint">{t("editor.paletteHint")}</p>
      <ul id="palette">
        {kinds.map((k) => (
          <li key={k} data-kind={k}>
            <button type="button" draggable onDragStart={(ev) => start(ev, k)} onClick={() => onAdd(k)}>
              {t(`kinds.${k}`)}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
