// GsmModuleForm sets up a GSM module: name, the SIM's number, its PIN
// (write-only: the page shows only whether one is set), on or off.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Check } from "../components/Choice";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { useApp } from "../context";
import { checked, text } from "../forms";
import { useAction } from "../useAction";
import type { GSMModule } from "./types";

export function GsmModuleForm({ module: m, onSaved }: { module: GSMModule; onSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const { client } = useApp();
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(false);

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const f = new FormData(form);
    const body = {
      slot: m.slot,
      name: text(f, "name"),
      sim_number: text(f, "sim_number"),
      sim_pin: text(f, "sim_pin"),
      clear_sim_pin: checked(f, "clear_sim_pin"),
      enabled: checked(f, "enabled"),
    };
    setSaved(false);
    void run(async () => {
      await client.put(`/api/gsm-modules/${m.id}`, body);
      setSaved(true);
      (form.elements.namedItem("sim_pin") as HTMLInputElement).value = "";
      await onSaved();
    });
  };

  return (
    <section className="card" aria-labelledby="gsm-module">
      <h2 id="gsm-module">{t("gsm.module")}</h2>
      <ErrorNotice error={error} />
      <form id="gsm-form" onSubmit={submit}>
        <Field name="name" label={t("ports.name")} error={error} defaultValue={m.name} autoComplete="off" />
        <Field name="sim_number" label={t("gsm.simNumber")} error={error} defaultValue={m.sim_number} type="tel" autoComplete="off" />
        <Field name="sim_pin" label={t("gsm.pin")} hint={m.sim_pin_set ? t("gsm.pinSet") : t("gsm.pinNotSet")} error={error}
          type="password" inputMode="numeric" autoComplete="new-password" maxLength={8} />
        {m.sim_pin_set ? <Check name="clear_sim_pin" label={t("gsm.clearPin")} error={error} /> : null}
        <Check name="enabled" label={t("ports.enabled")} error={error} defaultChecked={m.enabled} />
        <button type="submit" disabled={busy}>{t("ports.save")}</button>
        {saved ? <p className="ok" role="status">{t("ports.saved", { name: m.name || t("live.gsmModule", { slot: m.slot }) })}</p> : null}
      </form>
    </section>
  );
}
