// FxoLinesPage lists the PSTN lines on the FXO ports, each with its live
// state and voltage as the dashboard's feed tells them, and sets one up:
// name, own number, country (one whose tones the box knows, to hear the
// exchange's busy tone), on or off.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Check, Choice } from "../components/Choice";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { ListTable } from "../components/ListTable";
import { useApp } from "../context";
import { formatNumber } from "../format";
import { checked, text } from "../forms";
import { useLiveTelephony } from "../live";
import { countryName, countryOptions } from "../ports/countries";
import { linesByPort } from "../telephony";
import type { FXOLine } from "../ports/types";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";

export function FxoLinesPage() {
  const { t, i18n } = useTranslation();
  const { client, sessionEnded } = useApp();
  const lines = useLoad<FXOLine[]>("/api/fxo-lines");
  const countries = useLoad<string[]>("/api/fxs-ports/countries");
  const live = useLiveTelephony(client, sessionEnded);
  const views = linesByPort(live.telephony);
  const { busy, error, setError, run } = useAction();
  const [editing, setEditing] = useState<number | null>(null);
  const [saved, setSaved] = useState("");
  const line = lines.data?.find((l) => l.id === editing) ?? null;

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (!line) return;
    const f = new FormData(ev.currentTarget);
    const body = { port: line.port, name: text(f, "name"), number: text(f, "number"), country: text(f, "country"), enabled: checked(f, "enabled") };
    setSaved("");
    void run(async () => {
      await client.put(`/api/fxo-lines/${line.id}`, body);
      setSaved(t("ports.saved", { name: body.name || t("ports.fxoLine", { port: line.port }) }));
      await lines.reload();
    });
  };

  return (
    <>
      <ErrorNotice error={lines.error ?? countries.error} />
      <p className="muted">
        {t("ports.liveState")} <span id="fxo-live" className={`badge ${live.state}`}>{t(`dashboard.${live.state}`)}</span>
      </p>
      <ListTable id="fxo-lines" label={t("pages.fxo")} rows={lines.data} empty={t("ports.noFxo")} rowKey={(l) => l.id}
        rowData={(l) => ({ port: l.port, state: views.get(l.port)?.state ?? "" })}
        columns={[
          { head: t("ports.port"), cell: (l) => l.port },
          { head: t("ports.name"), cell: (l) => l.name },
          { head: t("ports.number"), cell: (l) => l.number || "–" },
          { head: t("ports.country"), key: "country", cell: (l) => countryName(l.country, i18n.language) },
          { head: t("ports.enabled"), cell: (l) => (l.enabled ? "✓" : "–") },
          { head: t("ports.lineState"), key: "state", cell: (l) => {
            const v = views.get(l.port);
            return v ? <span className={`badge ${v.tone}`}>{t(`live.line.${v.state}`)}</span> : "–";
          } },
          { head: t("ports.voltage"), key: "volts", cell: (l) => {
            const v = views.get(l.port);
            return v ? t("live.volts", { volts: formatNumber(v.volts, i18n.language) }) : "–";
          } },
        ]}
        action={(l) => ({ text: t("ports.editLine", { port: l.port }), data: { edit: l.port }, onClick: () => { setEditing(l.id); setError(null); setSaved(""); } })} />
      {saved ? <p className="ok" role="status" id="saved">{saved}</p> : null}
      {line ? (
        <section className="card form-card" aria-labelledby="fxo-edit">
          <h2 id="fxo-edit">{t("ports.fxoLine", { port: line.port })}</h2>
          <ErrorNotice error={error} />
          <form id="fxo-form" key={line.id} onSubmit={submit}>
            <Field name="name" label={t("ports.name")} error={error} defaultValue={line.name} autoComplete="off" />
            <Field name="number" label={t("ports.ownNumber")} error={error} defaultValue={line.number} type="tel" autoComplete="off" />
            <Choice name="country" label={t("ports.country")} error={error} defaultValue={line.country} aria-describedby="line-country-hint"
              options={countryOptions(countries.data ?? [], line.country, i18n.language, (name) => t("ports.countryNoTones", { name }))} />
            <small id="line-country-hint" className="hint">{t("ports.lineCountryTones")}</small>
            <Check name="enabled" label={t("ports.enabled")} error={error} defaultChecked={line.enabled} />
            <div className="buttons">
              <button type="submit" disabled={busy}>{t("ports.save")}</button>
              <button type="button" className="secondary" onClick={() => setEditing(null)}>{t("ports.close")}</button>
            </div>
          </form>
        </section>
      ) : null}
    </>
  );
}
