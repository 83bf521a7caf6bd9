// RoutesPage lists the inbound routes (a number or a line to a scenario),
// creates, changes and deletes one with its schedule, greeting and
// options, and copies a route's whole setup from another.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Check, Choice } from "../components/Choice";
import { ConfirmButton } from "../components/ConfirmButton";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { ListTable } from "../components/ListTable";
import { useApp } from "../context";
import { RouteOptionsForm } from "../inbound/RouteOptionsForm";
import { checked, optionalID, text } from "../forms";
import { routeSources, type FXOLine, type GSMModule, type InboundRoute, type Trunk } from "../ports/types";
import type { Scenario } from "../types";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";

export function RoutesPage() {
  const { t } = useTranslation();
  const { client } = useApp();
  const routes = useLoad<InboundRoute[]>("/api/routes");
  const scenarios = useLoad<Scenario[]>("/api/scenarios");
  const trunks = useLoad<Trunk[]>("/api/trunks");
  const fxo = useLoad<FXOLine[]>("/api/fxo-lines");
  const gsm = useLoad<GSMModule[]>("/api/gsm-modules");
  const schedules = useLoad<{ id: number; name: string }[]>("/api/schedules");
  const prompts = useLoad<{ id: number; name: string }[]>("/api/prompts");
  const [editing, setEditing] = useState<number | null>(null);
  const [source, setSource] = useState<string>("any");
  const [copyFrom, setCopyFrom] = useState("");
  const { busy, error, setError, run: act } = useAction();
  const [saved, setSaved] = useState("");
  // version renews the form after a save or a copy, so that it shows what
  // the box stored.
  const [version, setVersion] = useState(0);
  const route = routes.data?.find((r) => r.id === editing) ?? null;
  const scenarioName = (id: number) => scenarios.data?.find((s) => s.id === id)?.name ?? `#${id}`;
  const edit = (r: InboundRoute | null) => {
    setEditing(r?.id ?? null);
    setSource(r?.source ?? "any");
    setError(null);
    setSaved("");
    setCopyFrom("");
  };
  const none = { value: "", label: t("routes.anyLine") };

  const run = (f: () => Promise<InboundRoute>) =>
    act(async () => {
      setSaved("");
      const out = await f();
      await routes.reload();
      edit(out);
      setVersion((v) => v + 1);
      setSaved(t("ports.saved", { name: out.name }));
    });
  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const body = {
      name: text(f, "name"),
      source: text(f, "source"),
      did: text(f, "did"),
      sip_trunk_id: optionalID(f, "sip_trunk_id"),
      fxo_line_id: optionalID(f, "fxo_line_id"),
      gsm_module_id: optionalID(f, "gsm_module_id"),
      scenario_id: Number(text(f, "scenario_id")),
      schedule_id: optionalID(f, "schedule_id"),
      greeting_prompt_id: optionalID(f, "greeting_prompt_id"),
      record_calls: checked(f, "record_calls"),
    };
    void run(() => (route ? client.put<InboundRoute>(`/api/routes/${route.id}`, body) : client.post<InboundRoute>("/api/routes", body)));
  };

  const remove = (r: InboundRoute) =>
    act(async () => {
      await client.request("DELETE", `/api/routes/${r.id}`);
      edit(null);
      setSaved(t("removal.deleted", { name: r.name }));
      await routes.reload();
    });

  return (
    <>
      <ErrorNotice error={routes.error ?? scenarios.error} />
      <ListTable id="routes" label={t("pages.routes")} rows={routes.data} empty={t("routes.empty")} rowKey={(r) => r.id} rowData={(r) => ({ route: r.name })}
        columns={[
          { head: t("ports.name"), cell: (r) => r.name },
          { head: t("routes.source"), cell: (r) => `${t(`routes.sources.${r.source}`)}${r.did ? ` ${r.did}` : ""}` },
          { head: t("routes.scenario"), cell: (r) => scenarioName(r.scenario_id) },
          { head: t("routes.record"), cell: (r) => (r.record_calls ? "✓" : "–") },
        ]}
        action={(r) => ({ text: t("trunks.edit", { name: r.name }), onClick: () => edit(r) })} />
      {saved ? <p className="ok" role="status" id="saved">{saved}</p> : null}
      <section className="card form-card" aria-labelledby="route-title">
        <h2 id="route-title">{route ? route.name : t("routes.create")}</h2>
        {route ? <button type="button" className="link" onClick={() => edit(null)}>{t("routes.create")}</button> : null}
        <ErrorNotice error={error} />
        <form id="route-form" key={`${route?.id ?? "new"}:${version}`} onSubmit={submit}>
          <Field name="name" label={t("ports.name")} error={error} defaultValue={route?.name} autoComplete="off" required />
          <Choice name="source" label={t("routes.source")} error={error} value={source} onChange={(e) => setSource(e.currentTarget.value)}
            options={routeSources.map((s) => ({ value: s, label: t(`routes.sources.${s}`) }))} />
          {source === "did" ? (
            <>
              <Field name="did" label={t("routes.did")} error={error} defaultValue={route?.did} inputMode="tel" autoComplete="off" />
              <Choice name="sip_trunk_id" label={t("routes.trunk")} error={error} defaultValue={String(route?.sip_trunk_id ?? "")}
                options={[none, ...(trunks.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))]} />
            </>
          ) : null}
          {source === "fxo" ? (
            <Choice name="fxo_line_id" label={t("routes.fxoLine")} error={error} defaultValue={String(route?.fxo_line_id ?? "")}
              options={[none, ...(fxo.data ?? []).map((l) => ({ value: String(l.id), label: l.name || t("ports.fxoLine", { port: l.port }) }))]} />
          ) : null}
          {source === "gsm" ? (
            <Choice name="gsm_module_id" label={t("routes.gsmModule")} error={error} defaultValue={String(route?.gsm_module_id ?? "")}
              options={[none, ...(gsm.data ?? []).map((g) => ({ value: String(g.id), label: g.name || t("live.gsmModule", { slot: g.slot }) }))]} />
          ) : null}
          <Choice name="scenario_id" label={t("routes.scenario")} error={error} defaultValue={String(route?.scenario_id ?? "")} required
            options={[{ value: "", label: t("routes.chooseScenario") }, ...(scenarios.data ?? []).map((s) => ({ value: String(s.id), label: s.name }))]} />
          <Choice name="schedule_id" label={t("routes.schedule")} error={error} defaultValue={String(route?.schedule_id ?? "")}
            options={[{ value: "", label: t("routes.allDay") }, ...(schedules.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))]} />
          <Choice name="greeting_prompt_id" label={t("routes.greeting")} error={error} defaultValue={String(route?.greeting_prompt_id ?? "")}
            options={[{ value: "", label: t("routes.noGreeting") }, ...(prompts.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))]} />
          <Check name="record_calls" label={t("routes.record")} error={error} defaultChecked={route?.record_calls ?? false} aria-describedby="record-warning" />
          <small id="record-warning" className="hint warning">{t("routes.recordWarning")}</small>
          <div className="buttons">
            <button type="submit" disabled={busy}>{route ? t("ports.save") : t("routes.submit")}</button>
            {route ? <ConfirmButton key={route.id} id="route-delete" label={t("removal.delete")} confirmLabel={t("removal.confirm", { name: route.name })} busy={busy} onConfirm={() => void remove(route)} /> : null}
          </div>
        </form>
        {route && (routes.data ?? []).length > 1 ? (
          <div className="copy-from">
            <h3>{t("routes.copyTitle")}</h3>
            <p className="hint">{t("routes.copyHint")}</p>
            <div className="inline-row">
              <label htmlFor="copy-from" className="visually-hidden">{t("routes.copyFrom")}</label>
              <select id="copy-from" value={copyFrom} onChange={(e) => setCopyFrom(e.currentTarget.value)}>
                <option value="">{t("routes.chooseRoute")}</option>
                {(routes.data ?? []).filter((r) => r.id !== route.id).map((r) => (
                  <option key={r.id} value={r.id}>{r.name}</option>
                ))}
              </select>
              <button type="button" className="secondary" disabled={copyFrom === "" || busy}
                onClick={() => void run(() => client.post<InboundRoute>(`/api/routes/${route.id}/copy-from/${copyFrom}`))}>
                {t("routes.copyFrom")}
              </button>
            </div>
          </div>
        ) : null}
      </section>
      {route ? (
        <RouteOptionsForm key={`${route.id}:${version}`} routeID={route.id} recordCalls={route.record_calls} hasSchedule={route.schedule_id !== null}
          scenarios={scenarios.data ?? []} prompts={prompts.data ?? []} />
      ) : null}
    </>
  );
}
