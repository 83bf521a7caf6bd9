// RuleLinesEditor orders the lines an outbound rule tries: drag a line, or
// move it with its up and down buttons, add and remove lines, then save
// the list as a whole.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { useApp } from "../context";
import { addLine, lineKey, moveLine, parseLineKey, removeLine, type RuleLine } from "../ruleLines";
import { useLoad } from "../useLoad";

export function RuleLinesEditor({ rule, names }: { rule: number; names: Map<string, string> }) {
  const { t } = useTranslation();
  const { client } = useApp();
  const stored = useLoad<RuleLine[]>(`/api/outbound-rules/${rule}/lines`);
  const [lines, setLines] = useState<RuleLine[]>([]);
  const [dragged, setDragged] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [adding, setAdding] = useState("");
  useEffect(() => setLines(stored.data ?? []), [stored.data]);

  const change = (next: RuleLine[]) => {
    setLines(next);
    setSaved(false);
  };
  const save = async () => {
    try {
      setLines(await client.put<RuleLine[]>(`/api/outbound-rules/${rule}/lines`, lines));
      setError(null);
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  };
  const name = (l: RuleLine) => names.get(lineKey(l)) ?? lineKey(l);
  const free = [...names.entries()].filter(([k]) => !lines.some((l) => lineKey(l) === k));

  return (
    <div className="rule-lines">
      <h3 id="lines-title">{t("rules.lines")}</h3>
      <ErrorNotice error={stored.error ?? error} />
      {lines.length === 0 ? <p className="muted">{t("rules.noLines")}</p> : null}
      <ol id="rule-lines" aria-labelledby="lines-title">
        {lines.map((l, i) => (
          <li key={lineKey(l)} data-line={lineKey(l)} draggable
            className={dragged === i ? "dragging" : undefined}
            onDragStart={() => setDragged(i)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              if (dragged !== null) change(moveLine(lines, dragged, i));
              setDragged(null);
            }}
            onDragEnd={() => setDragged(null)}>
            <span className="grip" aria-hidden="true">⋮⋮</span>
            <span className="line-name">{name(l)}</span>
            <button type="button" className="secondary" data-move="up" disabled={i === 0}
              aria-label={t("rules.up", { name: name(l) })} onClick={() => change(moveLine(lines, i, i - 1))}>↑</button>
            <button type="button" className="secondary" data-move="down" disabled={i === lines.length - 1}
              aria-label={t("rules.down", { name: name(l) })} onClick={() => change(moveLine(lines, i, i + 1))}>↓</button>
            <button type="button" className="secondary" data-move="remove"
              aria-label={t("rules.remove", { name: name(l) })} onClick={() => change(removeLine(lines, i))}>✕</button>
          </li>
        ))}
      </ol>
      <div className="inline-row">
        <label htmlFor="add-line" className="visually-hidden">{t("rules.addLine")}</label>
        <select id="add-line" value={adding} onChange={(e) => setAdding(e.currentTarget.value)}>
          <option value="">{t("rules.chooseLine")}</option>
          {free.map(([k, n]) => (
            <option key={k} value={k}>{n}</option>
          ))}
        </select>
        <button type="button" className="secondary" disabled={adding === ""} onClick={() => {
          const l = parseLineKey(adding);
          if (l) change(addLine(lines, l));
          setAdding("");
        }}>{t("rules.addLine")}</button>
      </div>
      <button type="button" id="save-lines" onClick={() => void save()}>{t("rules.saveLines")}</button>
      {saved ? <p className="ok" role="status" id="lines-saved">{t("rules.linesSaved")}</p> : null}
    </div>
  );
}
