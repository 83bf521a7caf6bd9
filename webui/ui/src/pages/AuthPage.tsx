// AuthPage is the first-run setup (the code pbxd printed, and the admin's
// new password) or the login form. Both answer with a session.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import type { Client } from "../api";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { LanguageSwitcher } from "../components/LanguageSwitcher";
import type { Session } from "../types";

interface AuthPageProps {
  mode: "setup" | "login";
  client: Client;
  notice: unknown;
  onSession: (s: Session) => void;
}

export function AuthPage({ mode, client, notice, onSession }: AuthPageProps) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(notice);
  const [busy, setBusy] = useState(false);
  const title = t(`${mode}.title`);
  useEffect(() => {
    document.title = `${title} · ${t("app.name")}`;
  }, [title, t]);

  const submit = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const body = Object.fromEntries(new FormData(ev.currentTarget).entries());
    setBusy(true);
    try {
      onSession(await client.post<Session>(`/api/${mode}`, body));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <header className="top">
        <span className="brand">{t("app.name")}</span>
        <div className="tools">
          <LanguageSwitcher />
        </div>
      </header>
      <main id="content" className="narrow">
        <section id={mode}>
          <h1>{title}</h1>
          {mode === "setup" ? <p>{t("setup.intro")}</p> : null}
          <ErrorNotice error={error} />
          <form id={`${mode}-form`} onSubmit={submit}>
            {mode === "setup" ? (
              <Field name="code" label={t("setup.code")} error={error} autoComplete="one-time-code"
                placeholder="ABCD-EFGH-JKMN" required autoFocus spellCheck={false} />
            ) : null}
            <Field name="username" label={t(`${mode}.username`)} error={error} autoComplete="username"
              defaultValue={mode === "setup" ? "admin" : ""} required autoFocus={mode === "login"} />
            <Field name="password" label={t(`${mode}.password`)} error={error} type="password"
              autoComplete={mode === "setup" ? "new-password" : "current-password"} required />
            <button type="submit" disabled={busy}>
              {t(`${mode}.submit`)}
            </button>
          </form>
        </section>
      </main>
    </>
  );
}
