// ElementPanel is the side panel of the selected element: its label, its
// parameters (a form, or JSON for the rarer kinds), where each outcome's
// arrow goes (the keyboard's way to draw arrows), and delete.
import { useTranslation } from "react-i18next";

import type { Problem } from "../api";
import { formOf, type Params, type Stored } from "../elementParams";
import { outcomesOf } from "../outcomes";
import type { ElementData } from "../scenarioGraph";
import type { Extension } from "../types";
import { JsonParams } from "./JsonParams";
import { useElementName, useOutcomeName } from "./names";
import { ParamsForm } from "./ParamsForm";

interface ElementPanelProps {
  data: ElementData;
  others: ElementData[];
  arrows: Record<string, string>; // outcome -> target element ID
  problems: Problem[];
  extensions: Extension[];
  stored: Stored;
  onLabel: (label: string) => void;
  onParams: (p: Params) => void;
  onArrow: (outcome: string, target: string | null) => void;
  onDelete: () => void;
}

export function ElementPanel({ data, others, arrows, problems, extensions, stored, onLabel, onParams, onArrow, onDelete }: ElementPanelProps) {
  const { t } = useTranslation();
  const outcomeName = useOutcomeName();
  const elementName = useElementName();
  const form = formOf(data.kind);
  const outs = outcomesOf(data.kind, data.params);
  const stray = Object.keys(arrows).filter((o) => !outs.includes(o));
  const kind = data.known ? t(`kinds.${data.kind}`) : data.kind;
  return (
    <section className="panel" aria-labelledby="panel-title" id="element-panel">
      <h2 id="panel-title">
        {kind} <code>{data.id}</code>
      </h2>
      <div className="field">
        <label htmlFor="element-label">{t("editor.label")}</label>
        <input id="element-label" type="text" value={data.label} maxLength={80} onChange={(e) => onLabel(e.target.value)} autoComplete="off" />
      </div>
      {form && form.length > 0 ? (
        <ParamsForm kind={data.kind} fields={form} params={data.params} onChange={onParams} extensions={extensions} stored={stored} problems={problems} />
      ) : null}
      {form === null ? (
        <JsonParams params={data.params} onChange={onParams} />
      ) : form.length > 0 ? (
        <details className="more">
          <summary>{t("editor.json")}</summary>
          <JsonParams params={data.params} onChange={onParams} />
        </details>
      ) : null}

      <h3>{t("editor.arrows")}</h3>
      {outs.length + stray.length === 0 ? <p className="hint">{t("editor.final")}</p> : null}
      {[...outs, ...stray].map((o) => {
        const id = `arrow-${o}`;
        const bad = problems.filter((p) => p.outcome === o);
        return (
          <div key={o} className={`field arrow${bad.length > 0 || stray.includes(o) ? " invalid" : ""}`}>
            <label htmlFor={id}>{outcomeName(o)}</label>
            <select id={id} data-outcome={o} value={arrows[o] ?? ""} onChange={(e) => onArrow(o, e.target.value || null)}>
              <option value="">{t("editor.notConnected")}</option>
              {others
                .filter((d) => d.kind !== "incoming")
                .map((d) => (
                  <option key={d.id} value={d.id}>
                    {elementName(d)}
                  </option>
                ))}
            </select>
            {bad.length > 0 ? <small className="field-error">{bad.map((p) => p.message).join(" ")}</small> : null}
          </div>
        );
      })}
      <button type="button" className="danger" id="delete-element" onClick={onDelete}>
        {t("editor.delete")}
      </button>
    </section>
  );
}
