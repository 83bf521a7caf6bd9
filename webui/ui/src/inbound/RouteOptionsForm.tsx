// RouteOptionsForm edits what an inbound route does around its scenario:
// the warning callers hear when the route records calls, the language of
// the box's own words, the rating after the call and what happens out of
// the schedule's hours. The box's refusal shows on the field it names.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Check, Choice } from "../components/Choice";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { useApp } from "../context";
import type { Scenario } from "../types";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";
import { afterHoursActions, languageNames, melodies, optionsBody, routeLanguages, type RouteOptions } from "./options";
import "./inbound.css";

interface Props {
  routeID: number;
  recordCalls: boolean;
  hasSchedule: boolean;
  scenarios: Scenario[];
  prompts: { id: number; name: string }[];
}

export function RouteOptionsForm({ routeID, recordCalls, hasSchedule, scenarios, prompts }: Props) {
  const { t } = useTranslation();
  const { client } = useApp();
  const options = useLoad<RouteOptions>(`/api/routes/${routeID}/options`);
  const { busy, error, run } = useAction();
  const [action, setAction] = useState<string>("none");
  const [saved, setSaved] = useState(false);
  const o = options.data;
  useEffect(() => setAction(o?.after_hours_action ?? "none"), [o]);

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const body = optionsBody(new FormData(ev.currentTarget));
    setSaved(false);
    void run(async () => {
      await client.put<RouteOptions>(`/api/routes/${routeID}/options`, body);
      await options.reload();
      setSaved(true);
    });
  };

  return (
    <section className="card form-card" aria-labelledby="options-title" id="route-options">
      <h2 id="options-title">{t("routes.options.title")}</h2>
      <ErrorNotice error={options.error ?? error} />
      {saved ? <p className="ok" role="status" id="options-saved">{t("routes.options.saved")}</p> : null}
      {o === null ? (
        options.error ? null : <p>{t("app.loading")}</p>
      ) : (
        <form id="options-form" key={`${JSON.stringify(o)}:${prompts.length}:${scenarios.length}`} onSubmit={submit}>
          <Choice name="recording_warning_prompt_id" label={t("routes.options.warning")} error={error}
            defaultValue={String(o.recording_warning_prompt_id ?? "")} aria-describedby="warning-hint"
            options={[{ value: "", label: t("routes.options.spokenWarning") }, ...prompts.map((p) => ({ value: String(p.id), label: p.name }))]} />
          <small id="warning-hint" className="hint">{recordCalls ? t("routes.options.warningHint") : t("routes.options.warningOff")}</small>
          <Choice name="language" label={t("routes.options.language")} error={error} defaultValue={o.language}
            options={[{ value: "", label: t("routes.options.lineLanguage") }, ...routeLanguages.map((l) => ({ value: l, label: languageNames[l] }))]} />
          <fieldset className="melodies">
            <legend>{t("routes.options.melodies")}</legend>
            {melodies.map((m) => (
              <Choice key={m} name={m} label={t(`routes.options.melody.${m}`)} error={error} defaultValue={String(o[m] ?? "")}
                options={[{ value: "", label: t(`routes.options.melodyNone.${m}`) }, ...prompts.map((p) => ({ value: String(p.id), label: p.name }))]} />
            ))}
          </fieldset>
          <Check name="rate_calls" label={t("routes.options.rate")} error={error} defaultChecked={o.rate_calls} aria-describedby="rate-hint" />
          <small id="rate-hint" className="hint">{t("routes.options.rateHint")}</small>
          <fieldset className="after-hours">
            <legend>{t("routes.options.afterHours")}</legend>
            {hasSchedule ? null : <p className="hint" id="no-schedule">{t("routes.options.noSchedule")}</p>}
            <Choice name="after_hours_action" label={t("routes.options.action")} error={error} value={action}
              onChange={(e) => setAction(e.currentTarget.value)}
              options={afterHoursActions.map((a) => ({ value: a, label: t(`routes.options.actions.${a}`) }))} />
            {action === "scenario" ? (
              <Choice name="after_hours_scenario_id" label={t("routes.scenario")} error={error} defaultValue={String(o.after_hours_scenario_id ?? "")}
                options={[{ value: "", label: t("routes.chooseScenario") }, ...scenarios.map((s) => ({ value: String(s.id), label: s.name }))]} />
            ) : null}
            {action === "voicemail" ? (
              <Field name="after_hours_mailbox" label={t("routes.options.mailbox")} error={error} defaultValue={o.after_hours_mailbox}
                inputMode="numeric" autoComplete="off" />
            ) : null}
            {action === "forward" ? (
              <Field name="after_hours_number" label={t("routes.options.number")} error={error} defaultValue={o.after_hours_number}
                inputMode="tel" autoComplete="off" />
            ) : null}
            <Field name="working_interval" label={t("routes.options.interval")} hint={t("routes.options.intervalHint")} error={error}
              defaultValue={o.working_interval} autoComplete="off" />
          </fieldset>
          <button type="submit" disabled={busy}>{t("routes.options.save")}</button>
        </form>
      )}
    </section>
  );
}
