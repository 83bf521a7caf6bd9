// FxsPortsPage lists the analog ports for phones and fax machines and
// sets one up: extension, country (one the box has tones for, named in the
// page's language), caller ID, fax mode, hotline, echo canceller.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Check, Choice } from "../components/Choice";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { ListTable } from "../components/ListTable";
import { useApp } from "../context";
import { checked, text } from "../forms";
import { countryName, countryOptions } from "../ports/countries";
import { callerIDTypes, type FXSPort } from "../ports/types";
import type { Extension } from "../types";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";

export function FxsPortsPage() {
  const { t, i18n } = useTranslation();
  const { client } = useApp();
  const ports = useLoad<FXSPort[]>("/api/fxs-ports");
  const countries = useLoad<string[]>("/api/fxs-ports/countries");
  const exts = useLoad<Extension[]>("/api/extensions");
  const { busy, error, setError, run } = useAction();
  const [editing, setEditing] = useState<number | null>(null);
  const [saved, setSaved] = useState("");
  const port = ports.data?.find((p) => p.id === editing) ?? null;

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (!port) return;
    const f = new FormData(ev.currentTarget);
    const body = {
      extension: text(f, "extension"),
      mode: text(f, "mode"),
      caller_id: text(f, "caller_id"),
      country: text(f, "country"),
      hotline: text(f, "hotline"),
      echo_cancel: checked(f, "echo_cancel"),
    };
    setSaved("");
    void run(async () => {
      await client.put(`/api/fxs-ports/${port.id}`, body);
      setSaved(t("ports.saved", { name: t("ports.fxsPort", { port: port.port }) }));
      await ports.reload();
    });
  };

  return (
    <>
      <ErrorNotice error={ports.error ?? exts.error ?? countries.error} />
      <ListTable id="fxs-ports" label={t("pages.fxs")} rows={ports.data} empty={t("ports.noFxs")} rowKey={(p) => p.id} rowData={(p) => ({ port: p.port })}
        columns={[
          { head: t("ports.port"), cell: (p) => p.port },
          { head: t("ports.extension"), cell: (p) => p.extension || t("ports.unassigned"), key: "extension" },
          { head: t("ports.mode"), cell: (p) => t(`ports.modes.${p.mode}`) },
          { head: t("ports.callerId"), cell: (p) => t(`ports.callerIds.${p.caller_id}`) },
          { head: t("ports.country"), key: "country", cell: (p) => countryName(p.country, i18n.language) },
          { head: t("ports.hotline"), cell: (p) => p.hotline || "–" },
          { head: t("ports.echoCancel"), cell: (p) => (p.echo_cancel ? "✓" : "–") },
        ]}
        action={(p) => ({ text: t("ports.editPort", { port: p.port }), data: { edit: p.port }, onClick: () => { setEditing(p.id); setError(null); setSaved(""); } })} />
      {saved ? <p className="ok" role="status" id="saved">{saved}</p> : null}
      {port ? (
        <section className="card form-card" aria-labelledby="fxs-edit">
          <h2 id="fxs-edit">{t("ports.fxsPort", { port: port.port })}</h2>
          <ErrorNotice error={error} />
          <form id="fxs-form" key={`${port.id}-${countries.data ? "countries" : "loading"}`} onSubmit={submit}>
            <Choice name="extension" label={t("ports.extension")} error={error} defaultValue={port.extension}
              options={[{ value: "", label: t("ports.unassigned") }, ...(exts.data ?? []).map((e) => ({ value: e.number, label: `${e.number} ${e.name}` }))]} />
            <Choice name="mode" label={t("ports.mode")} error={error} defaultValue={port.mode}
              options={["voice", "fax"].map((m) => ({ value: m, label: t(`ports.modes.${m}`) }))} />
            <Choice name="caller_id" label={t("ports.callerId")} error={error} defaultValue={port.caller_id}
              options={callerIDTypes.map((c) => ({ value: c, label: t(`ports.callerIds.${c}`) }))} />
            <Choice name="country" label={t("ports.country")} error={error} defaultValue={port.country} aria-describedby="country-hint"
              options={countryOptions(countries.data ?? [], port.country, i18n.language, (name) => t("ports.countryNoTones", { name }))} />
            <small id="country-hint" className="hint">{t("ports.countryTones")}</small>
            <Field name="hotline" label={t("ports.hotline")} hint={t("ports.hotlineHint")} error={error} defaultValue={port.hotline}
              inputMode="tel" autoComplete="off" />
            <Check name="echo_cancel" label={t("ports.echoCancel")} error={error} defaultChecked={port.echo_cancel} />
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
