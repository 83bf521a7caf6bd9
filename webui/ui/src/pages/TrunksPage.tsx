// TrunksPage lists the SIP trunks, creates, changes and deletes one; the
// password is write-only: the page shows only whether one is stored.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Check, Choice } from "../components/Choice";
import { ConfirmButton } from "../components/ConfirmButton";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { ListTable } from "../components/ListTable";
import { useApp } from "../context";
import { checked, int, text } from "../forms";
import { transports, type Trunk } from "../ports/types";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";

export function TrunksPage() {
  const { t } = useTranslation();
  const { client } = useApp();
  const trunks = useLoad<Trunk[]>("/api/trunks");
  // editing is the trunk in the form: null for a new one.
  const [editing, setEditing] = useState<number | null>(null);
  const { busy, error, setError, run } = useAction();
  const [saved, setSaved] = useState("");
  const trunk = trunks.data?.find((x) => x.id === editing) ?? null;

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const body = {
      name: text(f, "name"),
      host: text(f, "host"),
      port: int(f, "port"),
      transport: text(f, "transport"),
      username: text(f, "username"),
      password: String(f.get("password") ?? ""),
      clear_password: checked(f, "clear_password"),
      register: checked(f, "register"),
      max_channels: int(f, "max_channels"),
      enabled: checked(f, "enabled"),
    };
    setSaved("");
    void run(async () => {
      const out = trunk ? await client.put<Trunk>(`/api/trunks/${trunk.id}`, body) : await client.post<Trunk>("/api/trunks", body);
      setSaved(t("ports.saved", { name: out.name }));
      setEditing(out.id);
      await trunks.reload();
    });
  };

  // A trunk that a route or scenario still uses is refused by the box,
  // which names the user.
  const remove = (x: Trunk) => {
    setSaved("");
    void run(async () => {
      await client.request("DELETE", `/api/trunks/${x.id}`);
      setEditing(null);
      setSaved(t("removal.deleted", { name: x.name }));
      await trunks.reload();
    });
  };

  return (
    <>
      <ErrorNotice error={trunks.error} />
      <ListTable id="trunks" label={t("pages.trunks")} rows={trunks.data} empty={t("trunks.empty")} rowKey={(x) => x.id} rowData={(x) => ({ trunk: x.name })}
        columns={[
          { head: t("ports.name"), cell: (x) => x.name },
          { head: t("trunks.host"), cell: (x) => (x.port ? `${x.host}:${x.port}` : x.host) },
          { head: t("trunks.transport"), cell: (x) => x.transport.toUpperCase() },
          { head: t("trunks.register"), cell: (x) => (x.register ? "✓" : "–") },
          { head: t("ports.enabled"), cell: (x) => (x.enabled ? "✓" : "–") },
        ]}
        action={(x) => ({ text: t("trunks.edit", { name: x.name }), onClick: () => { setEditing(x.id); setError(null); setSaved(""); } })} />
      {saved ? <p className="ok" role="status" id="saved">{saved}</p> : null}
      <section className="card form-card" aria-labelledby="trunk-title">
        <h2 id="trunk-title">{trunk ? trunk.name : t("trunks.create")}</h2>
        {trunk ? <button type="button" className="link" onClick={() => setEditing(null)}>{t("trunks.create")}</button> : null}
        <ErrorNotice error={error} />
        <form id="trunk-form" key={trunk?.id ?? "new"} onSubmit={submit}>
          <Field name="name" label={t("ports.name")} error={error} defaultValue={trunk?.name} autoComplete="off" required />
          <Field name="host" label={t("trunks.host")} hint={t("trunks.hostHint")} error={error} defaultValue={trunk?.host} autoComplete="off" required />
          <Field name="port" label={t("ports.port")} hint={t("trunks.portHint")} error={error} type="number" min={1} max={65535} defaultValue={trunk?.port ?? 5060} required />
          <Choice name="transport" label={t("trunks.transport")} error={error} defaultValue={trunk?.transport ?? "udp"}
            options={transports.map((x) => ({ value: x, label: x.toUpperCase() }))} />
          <Field name="username" label={t("devices.username")} error={error} defaultValue={trunk?.username} autoComplete="off" />
          <Field name="password" label={t("devices.password")} hint={trunk?.password_set ? t("trunks.passwordSet") : undefined} error={error}
            type="password" autoComplete="new-password" />
          {trunk?.password_set ? <Check name="clear_password" label={t("trunks.clearPassword")} error={error} /> : null}
          <Check name="register" label={t("trunks.register")} error={error} defaultChecked={trunk?.register ?? true} />
          <Field name="max_channels" label={t("trunks.maxChannels")} hint={t("gsm.noLimit")} error={error} type="number" min={0} max={1000} defaultValue={trunk?.max_channels ?? 0} />
          <Check name="enabled" label={t("ports.enabled")} error={error} defaultChecked={trunk?.enabled ?? true} />
          <div className="buttons">
            <button type="submit" disabled={busy}>{trunk ? t("ports.save") : t("trunks.submit")}</button>
            {trunk ? <ConfirmButton key={trunk.id} id="trunk-delete" label={t("removal.delete")} confirmLabel={t("removal.confirm", { name: trunk.name })} busy={busy} onConfirm={() => remove(trunk)} /> : null}
          </div>
        </form>
      </section>
    </>
  );
}
