// AdminsSection lists the admins, adds one, removes another (the box keeps
// at least one and refuses removing oneself) and changes one's own
// password.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { ListTable } from "../components/ListTable";
import { useApp } from "../context";
import { formatDateTime } from "../format";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";
import type { Admin } from "./types";

// minPassword is the box's shortest password (webui/password.go).
const minPassword = 10;

export function AdminsSection() {
  const { t, i18n } = useTranslation();
  const { client } = useApp();
  const admins = useLoad<Admin[]>("/api/admins");
  const add = useAction();
  const remove = useAction();
  const change = useAction();
  const [saved, setSaved] = useState("");

  const submitAdd = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const f = new FormData(form);
    const body = { username: String(f.get("username") ?? "").trim(), password: String(f.get("password") ?? "") };
    setSaved("");
    void add.run(async () => {
      await client.post("/api/admins", body);
      setSaved(t("system.admins.added", { name: body.username }));
      form.reset();
      await admins.reload();
    });
  };
  const submitChange = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const f = new FormData(form);
    const body = { current_password: String(f.get("current_password") ?? ""), new_password: String(f.get("new_password") ?? "") };
    setSaved("");
    void change.run(async () => {
      await client.put("/api/admins/me/password", body);
      setSaved(t("system.admins.changed"));
      form.reset();
      await admins.reload();
    });
  };
  const removeAdmin = (a: Admin) => {
    setSaved("");
    void remove.run(async () => {
      await client.request("DELETE", `/api/admins/${a.id}`);
      setSaved(t("system.admins.removed", { name: a.username }));
      await admins.reload();
    });
  };

  return (
    <section className="card wide" aria-labelledby="admins-title" id="admins">
      <h2 id="admins-title">{t("system.admins.title")}</h2>
      <ErrorNotice error={admins.error ?? remove.error} />
      <ListTable id="admin-list" label={t("system.admins.title")} rows={admins.data} empty="" rowKey={(a) => a.id} rowData={(a) => ({ admin: a.username })}
        columns={[
          { head: t("system.admins.username"), cell: (a) => (a.you ? t("system.admins.you", { name: a.username }) : a.username) },
          { head: t("system.admins.passwordChanged"), cell: (a) => formatDateTime(a.password_changed_at, i18n.language) },
          { head: t("system.admins.actions"), cell: (a) => (a.you ? "–" : (
            <button type="button" className="secondary" data-remove={a.username} disabled={remove.busy} onClick={() => removeAdmin(a)}>
              {t("system.admins.remove", { name: a.username })}
            </button>
          )) },
        ]} />
      {saved ? <p className="ok" role="status" id="admins-saved">{saved}</p> : null}
      <div className="cards">
        <form id="admin-form" onSubmit={submitAdd} aria-labelledby="admin-add-title">
          <h3 id="admin-add-title">{t("system.admins.add")}</h3>
          <ErrorNotice error={add.error} />
          <Field name="username" label={t("system.admins.username")} error={add.error} autoComplete="off" required />
          <Field name="password" label={t("system.admins.password", { min: minPassword })} error={add.error} type="password"
            autoComplete="new-password" minLength={minPassword} required />
          <button type="submit" disabled={add.busy}>{t("system.admins.submitAdd")}</button>
        </form>
        <form id="password-form" onSubmit={submitChange} aria-labelledby="password-title">
          <h3 id="password-title">{t("system.admins.own")}</h3>
          <ErrorNotice error={change.error} />
          <Field name="current_password" label={t("system.admins.current")} error={change.error} type="password" autoComplete="current-password" required />
          <Field name="new_password" label={t("system.admins.password", { min: minPassword })} error={change.error} type="password"
            autoComplete="new-password" minLength={minPassword} required />
          <button type="submit" disabled={change.busy}>{t("system.admins.submitChange")}</button>
        </form>
      </div>
    </section>
  );
}
