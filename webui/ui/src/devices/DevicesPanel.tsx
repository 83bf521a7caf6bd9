// DevicesPanel lists an extension's SIP devices, adds and deletes one and
// gives one a new password; a new password is shown once, with a QR code
// for a softphone.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ConfirmButton } from "../components/ConfirmButton";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { useApp } from "../context";
import { text } from "../forms";
import type { Device } from "../ports/types";
import { newPassword } from "../softphone";
import type { Extension } from "../types";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";
import { Credentials } from "./Credentials";

export function DevicesPanel({ ext, onClose }: { ext: Extension; onClose: () => void }) {
  const { t } = useTranslation();
  const { client } = useApp();
  const devices = useLoad<Device[]>(`/api/extensions/${ext.id}/devices`);
  const { busy, error, run } = useAction();
  const [created, setCreated] = useState<{ device: Device; password: string } | null>(null);
  const [password, setPassword] = useState(() => newPassword());
  const [done, setDone] = useState("");
  // The list's own actions: their refusals show above the list.
  const listAction = useAction();

  // renew gives d a new generated password: phones that used the old one
  // stop registering, so it is shown once like a new device's.
  const renew = (d: Device) => {
    const pw = newPassword();
    setDone("");
    void listAction.run(async () => {
      const device = await client.put<Device>(`/api/devices/${d.id}`, { password: pw });
      setCreated({ device, password: pw });
      document.getElementById("credentials")?.scrollIntoView({ block: "nearest" });
    });
  };
  const remove = (d: Device) => {
    setDone("");
    void listAction.run(async () => {
      await client.request("DELETE", `/api/devices/${d.id}`);
      if (created?.device.id === d.id) setCreated(null);
      setDone(t("removal.deleted", { name: d.username }));
      await devices.reload();
    });
  };

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const f = new FormData(form);
    const body = { username: text(f, "username"), password: String(f.get("password") ?? ""), description: text(f, "description") };
    void run(async () => {
      const device = await client.post<Device>(`/api/extensions/${ext.id}/devices`, body);
      setCreated({ device, password: body.password });
      form.reset();
      setPassword(newPassword());
      await devices.reload();
    });
  };

  return (
    <section className="card form-card" id="devices" aria-labelledby="devices-title">
      <h2 id="devices-title">{t("devices.title", { number: ext.number })}</h2>
      <ErrorNotice error={devices.error ?? listAction.error} />
      {done ? <p className="ok" role="status" id="device-done">{done}</p> : null}
      {devices.data && devices.data.length === 0 ? <p className="muted">{t("devices.empty")}</p> : null}
      <ul className="status-list" id="device-list">
        {(devices.data ?? []).map((d) => (
          <li key={d.id} data-device={d.username}>
            <span>
              <strong>{d.username}</strong> <span className="muted">{d.description}</span>
            </span>
            <code>{d.sip.uri}</code>
            <span className="actions">
              <button type="button" className="secondary" data-renew={d.username} disabled={listAction.busy} onClick={() => renew(d)}>
                {t("people.devices.renew", { username: d.username })}
              </button>{" "}
              <ConfirmButton key={d.id} id={`device-delete-${d.id}`} label={t("people.devices.delete", { username: d.username })}
                confirmLabel={t("removal.confirm", { name: d.username })} busy={listAction.busy} onConfirm={() => remove(d)} />
            </span>
          </li>
        ))}
      </ul>
      {created ? <Credentials device={created.device} password={created.password} onDone={() => setCreated(null)} /> : null}
      <h3>{t("devices.add")}</h3>
      <ErrorNotice error={error} />
      <form id="device-form" onSubmit={submit}>
        <Field name="description" label={t("devices.description")} error={error} autoComplete="off" />
        <Field name="username" label={t("devices.username")} hint={t("devices.usernameHint", { number: ext.number })} error={error} autoComplete="off" />
        <Field name="password" label={t("devices.password")} hint={t("devices.passwordHint")} error={error} value={password}
          onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="new-password" minLength={10} maxLength={128} required />
        <div className="buttons">
          <button type="button" className="secondary" onClick={() => setPassword(newPassword())}>{t("devices.generate")}</button>
          <button type="submit" disabled={busy}>{t("devices.submit")}</button>
          <button type="button" className="secondary" onClick={onClose}>{t("ports.close")}</button>
        </div>
      </form>
    </section>
  );
}
