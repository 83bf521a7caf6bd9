// VersionsPanel lists a scenario's kept versions (GET
// /api/scenarios/{id}/versions), shows what changed from a chosen version
// to the current one, element by element, and rolls back to a version
// after a confirmation (POST .../versions/{n}/rollback); the page then
// reloads the graph.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { useApp } from "../context";
import { formatTime } from "../format";
import { diffScenarios, isEmpty, type ElementRef, type ScenarioDiff } from "../scenarioDiff";
import type { Scenario } from "../types";
import { useAction } from "../useAction";
import { useOutcomeName } from "./names";

// ScenarioVersion is a row of GET /api/scenarios/{id}/versions; one
// version asked for alone has its document.
export interface ScenarioVersion {
  scenario_id: number;
  version: number;
  name: string;
  document?: unknown;
  saved_by: string;
  saved_at: string;
  note: string;
}

interface VersionsPanelProps {
  scenarioId: number;
  reload: number; // a change lists the versions again
  onRolledBack: (s: Scenario) => void;
}

export function VersionsPanel({ scenarioId, reload, onRolledBack }: VersionsPanelProps) {
  const { t, i18n } = useTranslation();
  const { client } = useApp();
  const outcomeName = useOutcomeName();
  const [versions, setVersions] = useState<ScenarioVersion[] | null>(null);
  const [compared, setCompared] = useState<{ n: number; diff: ScenarioDiff } | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [status, setStatus] = useState("");
  const { busy, error, setError, run } = useAction();
  const base = `/api/scenarios/${scenarioId}/versions`;

  useEffect(() => {
    client.get<ScenarioVersion[]>(base).then(setVersions, setError);
  }, [client, base, reload, setError]);

  const act = (f: () => Promise<void>) => {
    setStatus("");
    return run(f);
  };

  const compare = (n: number) =>
    act(async () => {
      const newest = versions?.[0]?.version ?? n;
      const [old, now] = await Promise.all([client.get<ScenarioVersion>(`${base}/${n}`), client.get<ScenarioVersion>(`${base}/${newest}`)]);
      setCompared({ n, diff: diffScenarios(old.document, now.document) });
    });

  const rollback = (n: number) =>
    act(async () => {
      const s = await client.post<Scenario>(`${base}/${n}/rollback`);
      setConfirming(null);
      setCompared(null);
      setStatus(t("versions.rolledBack", { n }));
      onRolledBack(s);
    });

  const name = (e: ElementRef) => `${e.label || t(`kinds.${e.kind}`, { defaultValue: e.kind })} (${e.id})`;
  const value = (v: unknown) => (v === undefined ? t("versions.unset") : typeof v === "string" ? v : JSON.stringify(v));
  const field = (f: string, param: boolean) =>
    param ? t(`params.${f}`, { defaultValue: f }) : f === "label" ? t("versions.fieldLabel") : t("versions.fieldKind");
  const note = (s: string) => {
    const m = /^rollback to version (\d+)$/.exec(s);
    if (m) return t("versions.noteRollback", { n: m[1] });
    if (s === "imported configuration") return t("versions.noteImported");
    if (s === "saved before versions were kept") return t("versions.noteBefore");
    return s;
  };
  const list = (id: string, title: string, items: string[]) =>
    items.length > 0 ? (
      <>
        <h3>{title}</h3>
        <ul id={id}>
          {items.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ul>
      </>
    ) : null;

  return (
    <section className="card versions" aria-labelledby="versions-title" id="versions">
      <h2 id="versions-title">{t("versions.title")}</h2>
      <p className="hint">{t("versions.intro")}</p>
      <span role="status" id="versions-status" className="muted">
        {status}
      </span>
      <ErrorNotice error={error} />
      {versions === null ? (
        <p>{t("app.loading")}</p>
      ) : versions.length === 0 ? (
        <p>{t("versions.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table id="versions-list">
            <thead>
              <tr>
                <th scope="col">{t("versions.version")}</th>
                <th scope="col">{t("versions.savedAt")}</th>
                <th scope="col">{t("versions.savedBy")}</th>
                <th scope="col">{t("versions.note")}</th>
                <th scope="col">{t("versions.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v, i) => (
                <tr key={v.version} data-version={v.version}>
                  <td>
                    {v.version} {i === 0 ? <span className="badge live">{t("versions.current")}</span> : null}
                  </td>
                  <td>{formatTime(new Date(v.saved_at), i18n.language)}</td>
                  <td>{v.saved_by || t("versions.box")}</td>
                  <td>{note(v.note)}</td>
                  <td>
                    {i > 0 ? (
                      <>
                        <button type="button" className="secondary compare" disabled={busy} onClick={() => compare(v.version)}
                          aria-label={t("versions.compareVersion", { n: v.version })}>
                          {t("versions.compare")}
                        </button>{" "}
                        <button type="button" className="secondary rollback" disabled={busy} onClick={() => setConfirming(v.version)}
                          aria-label={t("versions.rollbackVersion", { n: v.version })}>
                          {t("versions.rollback")}
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {confirming !== null ? (
        <div className="confirm" id="rollback-confirm">
          <p>{t("versions.confirm", { n: confirming })}</p>
          <button type="button" className="danger" id="rollback-yes" disabled={busy} onClick={() => rollback(confirming)}>
            {t("versions.confirmYes", { n: confirming })}
          </button>{" "}
          <button type="button" className="secondary" onClick={() => setConfirming(null)}>
            {t("versions.cancel")}
          </button>
        </div>
      ) : null}
      {compared ? (
        <div id="version-diff" aria-live="polite">
          <h3>{t("versions.diffTitle", { n: compared.n })}</h3>
          {isEmpty(compared.diff) ? <p>{t("versions.same")}</p> : null}
          {list("diff-added", t("versions.added"), compared.diff.added.map(name))}
          {list("diff-removed", t("versions.removed"), compared.diff.removed.map(name))}
          {list(
            "diff-changed",
            t("versions.changed"),
            compared.diff.changed.map((c) => `${name(c.element)}: ${field(c.field, c.param)}: ${value(c.before)} → ${value(c.after)}`),
          )}
          {list("diff-arrows-added", t("versions.arrowsAdded"), compared.diff.arrowsAdded.map((a) => `${name(a.from)} — ${outcomeName(a.outcome)} → ${name(a.to)}`))}
          {list("diff-arrows-removed", t("versions.arrowsRemoved"), compared.diff.arrowsRemoved.map((a) => `${name(a.from)} — ${outcomeName(a.outcome)} → ${name(a.to)}`))}
        </div>
      ) : null}
    </section>
  );
}
