// ExtensionsPage lists the extensions and creates new ones; per extension
// it opens its SIP devices, and its do-not-disturb and call forwarding.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { useApp } from "../context";
import { DevicesPanel } from "../devices/DevicesPanel";
import { ForwardingPanel } from "../extensions/ForwardingPanel";
import { outboundLevels, type Extension } from "../types";

export function ExtensionsPage() {
  const { t } = useTranslation();
  const { client } = useApp();
  const [list, setList] = useState<Extension[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState("");
  const [busy, setBusy] = useState(false);
  const [devicesOf, setDevicesOf] = useState<number | null>(null);
  const [forwardingOf, setForwardingOf] = useState<number | null>(null);

  const load = useCallback(async () => {
    try {
      setList(await client.get<Extension[]>("/api/extensions"));
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, [client]);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const f = new FormData(form);
    const body = {
      number: String(f.get("number") ?? "").trim(),
      name: String(f.get("name") ?? "").trim(),
      email: String(f.get("email") ?? "").trim(),
      mobile: String(f.get("mobile") ?? "").trim(),
      outbound: String(f.get("outbound") ?? "internal"),
      voicemail: f.get("voicemail") === "on",
    };
    setBusy(true);
    setCreated("");
    try {
      const ext = await client.post<Extension>("/api/extensions", body);
      setError(null);
      setCreated(ext.number);
      form.reset();
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorNotice error={loadError} />
      {list === null ? (
        <p>{t("app.loading")}</p>
      ) : list.length === 0 ? (
        <p>{t("extensions.empty")}</p>
      ) : (
        <>
          <p className="muted" id="extension-count">{t("extensions.count", { count: list.length })}</p>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="extension-count">
            <table id="extensions">
              <thead>
                <tr>
                  <th scope="col">{t("extensions.number")}</th>
                  <th scope="col">{t("extensions.name")}</th>
                  <th scope="col">{t("extensions.email")}</th>
                  <th scope="col">{t("extensions.mobile")}</th>
                  <th scope="col">{t("extensions.outbound")}</th>
                  <th scope="col">{t("extensions.voicemail")}</th>
                  <th scope="col">{t("devices.column")}</th>
                  <th scope="col">{t("forwarding.column")}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((e) => (
                  <tr key={e.id} data-number={e.number}>
                    <td>{e.number}</td>
                    <td>{e.name}</td>
                    <td>{e.email}</td>
                    <td>{e.mobile}</td>
                    <td>{t(`extensions.levels.${e.outbound}`)}</td>
                    <td>{e.voicemail ? "✓" : "–"}</td>
                    <td>
                      <button type="button" className="secondary" data-devices={e.number} onClick={() => setDevicesOf(e.id)}>
                        {t("devices.open", { number: e.number })}
                      </button>
                    </td>
                    <td data-key="forwarding">
                      {e.dnd ? <span className="badge" data-dnd>{t("forwarding.dndBadge")}</span> : null}{" "}
                      <button type="button" className="secondary" data-forwarding={e.number} onClick={() => setForwardingOf(e.id)}>
                        {t("forwarding.open", { number: e.number })}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {list?.find((e) => e.id === devicesOf) ? (
        <DevicesPanel key={devicesOf} ext={list.find((e) => e.id === devicesOf)!} onClose={() => setDevicesOf(null)} />
      ) : null}

      {list?.find((e) => e.id === forwardingOf) ? (
        <ForwardingPanel key={forwardingOf} ext={list.find((e) => e.id === forwardingOf)!} onSaved={load} onClose={() => setForwardingOf(null)} />
      ) : null}

      <section className="card form-card" aria-labelledby="new-extension">
        <h2 id="new-extension">{t("extensions.create")}</h2>
        <ErrorNotice error={error} />
        {created ? (
          <p className="ok" role="status" id="created">
            {t("extensions.created", { number: created })}
          </p>
        ) : null}
        <form id="extension-form" onSubmit={submit}>
          <Field name="number" label={t("extensions.number")} hint={t("extensions.numberHint")} error={error}
            inputMode="numeric" autoComplete="off" required />
          <Field name="name" label={t("extensions.name")} error={error} autoComplete="off" required />
          <Field name="email" label={t("extensions.email")} error={error} type="email" autoComplete="off" />
          <Field name="mobile" label={t("extensions.mobile")} error={error} type="tel" autoComplete="off" />
          <div className="field">
            <label htmlFor="field-outbound">{t("extensions.outbound")}</label>
            <select id="field-outbound" name="outbound" defaultValue="internal">
              {outboundLevels.map((l) => (
                <option key={l} value={l}>
                  {t(`extensions.levels.${l}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field check">
            <input id="field-voicemail" name="voicemail" type="checkbox" />
            <label htmlFor="field-voicemail">{t("extensions.voicemail")}</label>
          </div>
          <button type="submit" disabled={busy}>
            {t("extensions.submit")}
          </button>
        </form>
      </section>
    </>
  );
}
