// DryRunPanel tries the scenario being edited with a described call
// (POST /api/scenarios/dry-run, nothing is placed) and walks its path on
// the graph step by step.
import { useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ApiError } from "../api";
import { ErrorNotice } from "../components/ErrorNotice";
import { useApp } from "../context";
import { answerers, dryRunRequest, localPath, type DryRunForm, type Step, type Trace } from "../dryRun";
import type { Document } from "../scenarioGraph";
import { useAction } from "../useAction";
import { useOutcomeName } from "./names";

// Run is a finished dry run: the steps on this graph, and the trace.
export interface Run {
  steps: Step[];
  trace: Trace;
}

interface DryRunPanelProps {
  doc: Document;
  run: Run | null;
  step: number;
  onRun: (r: Run | null) => void;
  onStep: (i: number) => void;
  onProblems: (e: ApiError) => void;
}

// localNow is the browser's current time as a datetime-local value.
function localNow(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

export function DryRunPanel({ doc, run, step, onRun, onStep, onProblems }: DryRunPanelProps) {
  const { t } = useTranslation();
  const { client } = useApp();
  const outcomeName = useOutcomeName();
  const [form, setForm] = useState<DryRunForm>(() => ({ caller: "+74951234567", channel: "gsm/1", at: localNow(), keys: {}, answers: "", answerAfter: 5, holdFor: 0, transferTo: "" }));
  const { busy, error, run: act } = useAction();
  const menus = doc.elements.filter((e) => e.type === "menu");
  const people = useMemo(() => answerers(doc), [doc]);
  const labels = new Map(doc.elements.map((e) => [e.id, e.label || t(`kinds.${e.type}`, { defaultValue: e.type })]));

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void act(async () => {
      try {
        const trace = await client.post<Trace>("/api/scenarios/dry-run", dryRunRequest(form, doc));
        const steps = localPath(trace, doc);
        onRun({ steps, trace });
        onStep(steps.length - 1);
      } catch (e) {
        onRun(null);
        if (e instanceof ApiError && e.problems.length > 0) onProblems(e);
        throw e;
      }
    });
  };
  const set = <K extends keyof DryRunForm>(k: K, v: DryRunForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  return (
    <section className="card dry-run" aria-labelledby="dry-run-title" id="dry-run">
      <h2 id="dry-run-title">{t("dryRun.title")}</h2>
      <p className="hint">{t("dryRun.intro")}</p>
      <form onSubmit={submit} id="dry-run-form" className="dry-run-form">
        <div className="field">
          <label htmlFor="dry-caller">{t("dryRun.caller")}</label>
          <input id="dry-caller" type="tel" value={form.caller} onChange={(e) => set("caller", e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="dry-channel">{t("dryRun.channel")}</label>
          <input id="dry-channel" type="text" list="dry-channels" value={form.channel} onChange={(e) => set("channel", e.target.value)} autoComplete="off" />
          <datalist id="dry-channels">
            {["gsm/1", "gsm/2", "fxo/1", "fxo/2", "sip", "trunk/"].map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <small className="hint">{t("dryRun.channelHint")}</small>
        </div>
        <div className="field">
          <label htmlFor="dry-at">{t("dryRun.at")}</label>
          <input id="dry-at" type="datetime-local" value={form.at} onChange={(e) => set("at", e.target.value)} />
        </div>
        {menus.map((m) => (
          <div className="field" key={m.id}>
            <label htmlFor={`dry-keys-${m.id}`}>{t("dryRun.keys", { menu: labels.get(m.id) })}</label>
            <input id={`dry-keys-${m.id}`} data-menu={m.id} type="text" inputMode="tel" value={form.keys[m.id] ?? ""}
              onChange={(e) => set("keys", { ...form.keys, [m.id]: e.target.value })} autoComplete="off" />
            <small className="hint">{t("dryRun.keysHint")}</small>
          </div>
        ))}
        <div className="field">
          <label htmlFor="dry-answers">{t("dryRun.answers")}</label>
          <select id="dry-answers" value={form.answers} onChange={(e) => set("answers", e.target.value)}>
            <option value="">{t("dryRun.nobody")}</option>
            {people.map((n) => (
              <option key={n} value={n}>
                {t("dryRun.extension", { number: n })}
              </option>
            ))}
          </select>
        </div>
        {form.answers ? (
          <div className="field">
            <label htmlFor="dry-after">{t("dryRun.after")}</label>
            <input id="dry-after" type="number" min={0} max={3600} value={form.answerAfter} onChange={(e) => set("answerAfter", Number(e.target.value))} />
          </div>
        ) : null}
        {form.answers ? (
          <div className="field">
            <label htmlFor="dry-hold">{t("dryRun.holdFor")}</label>
            <input id="dry-hold" type="number" min={0} max={3600} value={form.holdFor} onChange={(e) => set("holdFor", Number(e.target.value))} />
          </div>
        ) : null}
        {form.answers ? (
          <div className="field">
            <label htmlFor="dry-transfer">{t("dryRun.transferTo")}</label>
            <input id="dry-transfer" type="text" inputMode="tel" value={form.transferTo} onChange={(e) => set("transferTo", e.target.value)} autoComplete="off" />
            <small className="hint">{t("dryRun.transferHint")}</small>
          </div>
        ) : null}
        <button type="submit" disabled={busy}>
          {t("dryRun.run")}
        </button>
      </form>
      <ErrorNotice error={error} />
      {run ? (
        <div className="trace" id="trace">
          {run.trace.route ? <p>{t("dryRun.route", { route: run.trace.route })}</p> : null}
          <div className="step-tools" role="group" aria-label={t("dryRun.steps")}>
            <button type="button" onClick={() => onStep(Math.max(0, step - 1))} disabled={step <= 0} id="step-back">
              ← {t("dryRun.back")}
            </button>
            <span aria-live="polite" id="step-count">
              {t("dryRun.stepOf", { step: Math.min(step, run.steps.length - 1) + 1, total: run.steps.length })}
            </span>
            <button type="button" onClick={() => onStep(Math.min(run.steps.length - 1, step + 1))} disabled={step >= run.steps.length - 1} id="step-next">
              {t("dryRun.next")} →
            </button>
          </div>
          <ol className="steps" id="steps">
            {run.steps.map((s, i) => (
              <li key={i} aria-current={i === step ? "step" : undefined} className={i <= step ? "done" : undefined}>
                <button type="button" className="link" onClick={() => onStep(i)} data-element={s.element}>
                  {labels.get(s.element) ?? s.element} <code>{s.element}</code> → {outcomeName(s.outcome)}
                </button>
              </li>
            ))}
          </ol>
          {run.trace.events && run.trace.events.length > 0 ? (
            <details>
              <summary>{t("dryRun.events")}</summary>
              <ul className="events">
                {run.trace.events.map((ev, i) => (
                  <li key={i}>{ev}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
