// ForwardingPanel edits an extension's do-not-disturb and call forwarding:
// always, on busy (and do-not-disturb), on no answer after a ring time,
// and when none of its phones can ring. Numbers are other extensions or
// outside numbers, which the box dials under the outbound rules with the
// extension's outbound level.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Check } from "../components/Choice";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { useApp } from "../context";
import { renameField } from "../prefixedFields";
import type { Extension } from "../types";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";
import { activeForwards, forwardBody, type Forward } from "./forwarding";

export function ForwardingPanel({ ext, onSaved, onClose }: { ext: Extension; onSaved: () => Promise<void>; onClose: () => void }) {
  const { t } = useTranslation();
  const { client } = useApp();
  const path = `/api/extensions/${ext.id}/forward`;
  const stored = useLoad<Forward>(path);
  const [fwd, setFwd] = useState<Forward | null>(null);
  const [dnd, setDnd] = useState(ext.dnd);
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  useEffect(() => setFwd(stored.data), [stored.data]);

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const body = forwardBody(new FormData(ev.currentTarget), "fwd-");
    setSaved(false);
    void run(async () => {
      // The forwarding first: when the box refuses it, nothing changes.
      setFwd(await client.put<Forward>(path, body));
      if (dnd !== ext.dnd) await client.put<Extension>(`/api/extensions/${ext.id}`, { dnd });
      setSaved(true);
      await onSaved();
    });
  };
  const err = renameField(error, "fwd-");
  const active = fwd ? activeForwards(fwd) : [];

  return (
    <section className="card form-card" id="forwarding" aria-labelledby="forwarding-title">
      <h2 id="forwarding-title">{t("forwarding.title", { number: ext.number })}</h2>
      <ErrorNotice error={stored.error ?? error} />
      {fwd === null ? (
        <p>{t("app.loading")}</p>
      ) : (
        <form id="forwarding-form" onSubmit={submit}>
          <Check name="dnd" label={t("forwarding.dnd")} checked={dnd} onChange={(e) => setDnd(e.currentTarget.checked)} />
          <fieldset>
            <legend>{t("forwarding.always")}</legend>
            <Field name="fwd-number" label={t("forwarding.number")} hint={t("forwarding.numberHint")} error={err} defaultValue={fwd.number} inputMode="tel" autoComplete="off" />
            <Check name="fwd-enabled" label={t("forwarding.enabled")} error={err} defaultChecked={fwd.enabled} />
          </fieldset>
          <fieldset>
            <legend>{t("forwarding.conditions")}</legend>
            <Field name="fwd-busy" label={t("forwarding.busy")} hint={t("forwarding.busyHint")} error={err} defaultValue={fwd.busy} inputMode="tel" autoComplete="off" />
            <Field name="fwd-no_answer" label={t("forwarding.noAnswer")} error={err} defaultValue={fwd.no_answer} inputMode="tel" autoComplete="off" />
            <Field name="fwd-no_answer_secs" label={t("forwarding.ringTime")} hint={t("forwarding.ringTimeHint")} error={err} type="number" min={5} max={300}
              defaultValue={fwd.no_answer_secs || 20} />
            <Field name="fwd-unreachable" label={t("forwarding.unreachable")} hint={t("forwarding.unreachableHint")} error={err} defaultValue={fwd.unreachable} inputMode="tel" autoComplete="off" />
          </fieldset>
          <div className="buttons">
            <button type="submit" disabled={busy}>{t("forwarding.save")}</button>
            <button type="button" className="secondary" onClick={onClose}>{t("forwarding.close")}</button>
          </div>
        </form>
      )}
      <p role="status" id="forwarding-status" className={saved ? "ok" : "muted"}>
        {fwd === null ? "" : saved ? t("forwarding.saved", { number: ext.number }) + " " : ""}
        {fwd === null ? "" : active.length === 0 ? t("forwarding.none") : active.map((a) => t(`forwarding.active.${a.when}`, { number: a.number })).join(" ")}
      </p>
    </section>
  );
}
