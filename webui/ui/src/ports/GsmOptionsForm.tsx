// GsmOptionsForm sets a module's limits (0: none) and fixed-mobile
// convergence with its PIN (write-only).
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Check } from "../components/Choice";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { useApp } from "../context";
import { checked, int, text } from "../forms";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";
import type { GSMOptions } from "./types";

export function GsmOptionsForm({ id }: { id: number }) {
  const { t } = useTranslation();
  const { client } = useApp();
  const opts = useLoad<GSMOptions>(`/api/gsm-modules/${id}/options`);
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(false);
  const o = opts.data;

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const f = new FormData(form);
    const body = {
      minutes_per_day: int(f, "minutes_per_day"),
      minutes_per_month: int(f, "minutes_per_month"),
      sms_per_day: int(f, "sms_per_day"),
      fmc: checked(f, "fmc"),
      fmc_pin: text(f, "fmc_pin"),
      clear_fmc_pin: checked(f, "clear_fmc_pin"),
    };
    setSaved(false);
    void run(async () => {
      await client.put(`/api/gsm-modules/${id}/options`, body);
      setSaved(true);
      (form.elements.namedItem("fmc_pin") as HTMLInputElement).value = "";
      await opts.reload();
    });
  };

  return (
    <section className="card" aria-labelledby="gsm-limits">
      <h2 id="gsm-limits">{t("gsm.limits")}</h2>
      <ErrorNotice error={opts.error ?? error} />
      {o ? (
        <form id="gsm-options-form" key={o.gsm_module_id} onSubmit={submit}>
          <Field name="minutes_per_day" label={t("gsm.minutesPerDay")} hint={t("gsm.noLimit")} error={error}
            type="number" min={0} max={1440} defaultValue={o.minutes_per_day} />
          <Field name="minutes_per_month" label={t("gsm.minutesPerMonth")} hint={t("gsm.noLimit")} error={error}
            type="number" min={0} max={44640} defaultValue={o.minutes_per_month} />
          <Field name="sms_per_day" label={t("gsm.smsPerDay")} hint={t("gsm.noLimit")} error={error}
            type="number" min={0} max={100000} defaultValue={o.sms_per_day} />
          <Check name="fmc" label={t("gsm.fmc")} error={error} defaultChecked={o.fmc} aria-describedby="fmc-hint" />
          <small id="fmc-hint" className="hint">{t("gsm.fmcHint")}</small>
          <Field name="fmc_pin" label={t("gsm.fmcPin")} hint={o.fmc_pin_set ? t("gsm.pinSet") : t("gsm.pinNotSet")} error={error}
            type="password" inputMode="numeric" autoComplete="new-password" maxLength={8} />
          {o.fmc_pin_set ? <Check name="clear_fmc_pin" label={t("gsm.clearPin")} error={error} /> : null}
          <button type="submit" disabled={busy}>{t("ports.save")}</button>
          {saved ? <p className="ok" role="status">{t("gsm.limitsSaved")}</p> : null}
        </form>
      ) : (
        <p>{t("app.loading")}</p>
      )}
    </section>
  );
}
