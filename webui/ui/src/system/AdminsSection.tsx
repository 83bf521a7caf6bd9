// AdminsSection lists the admins, adds one, removes another (the box keeps
// at least one and refuses removing oneself), resets another's password
// and changes one's own.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ApiError } from "../api";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { ListTable } from "../components/ListTable";
import { useApp } from "../context";
import { formatDateTime } from "../format";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";
import { resetBody } from "./passwordReset";
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
  const reset = useAction();
  const [saved, setSaved] = useState("");
  // resetting is the other admin whose password the reset form sets.
  const [resetting, setResetting] = useState<Admin | null>(null);

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
  const submitReset = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const who = resetting;
    if (!who) return;
    const body = resetBody(new FormData(ev.currentTarget));
    setSaved("");
    if (!body) {
      reset.setError(new ApiError(400, t("system.admins.mismatch"), "new_password_again"));
      return;
    }
    void reset.run(async () => {
      await client.put(`/api/admins/${who.id}/password`, body);
      setResetting(null);
      setSaved(t("system.admins.resetDone", { name: who.username }));
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
            <span className="actions">
              <button type="button" className="secondary" data-reset={a.username} onClick={() => { setResetting(a); reset.setError(null); setSaved(""); }}>
                {t("system.admins.reset", { name: a.username })}
              </button>{" "}
              <button type="button" className="secondary" data-remove={a.username} disabled={remove.busy} onClick={() => removeAdmin(a)}>
                {t("system.admins.remove", { name: a.username })}
              </button>
            </span>
          )) },
        ]} />
      {saved ? <p className="ok" role="status" id="admins-saved">{saved}</p> : null}
      {resetting ? (
        <form id="reset-password-form" key={resetting.id} onSubmit={submitReset} aria-labelledby="reset-password-title">
          <h3 id="reset-password-title">{t("system.admins.resetTitle", { name: resetting.username })}</h3>
          <p className="muted">{t("system.admins.resetIntro", { name: resetting.username })}</p>
          <ErrorNotice error={reset.error} />
          <Field name="new_password" id="reset-new_password" label={t("system.admins.newPassword", { min: minPassword })} error={reset.error} type="password"
            autoComplete="new-password" minLength={minPassword} required />
          <Field name="new_password_again" id="reset-new_password_again" label={t("system.admins.newPasswordAgain")} error={reset.error} type="password"
            autoComplete="new-password" minLength={minPassword} required />
          <Field name="your_password" label={t("system.admins.yourPassword")} error={reset.error} type="password" autoComplete="current-password" required />
          <div className="buttons">
            <button type="submit" disabled={reset.busy}>{t("system.admins.submitReset")}</button>
            <button type="button" className="secondary" onClick={() => setResetting(null)}>{t("system.admins.cancel")}</button>
          </div>
        </form>
      ) : null}
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
