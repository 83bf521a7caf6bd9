// FactoryResetSection erases the box once the admin types the
// confirmation words; it then shows the new setup code, with which the
// first-run page sets an admin password again.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { useApp } from "../context";
import { useAction } from "../useAction";

// confirmWords is what the box wants typed (webui/config_system.go).
export const confirmWords = "factory reset";

export function FactoryResetSection() {
  const { t } = useTranslation();
  const { client } = useApp();
  const { busy, error, run } = useAction();
  const [typed, setTyped] = useState("");
  const [code, setCode] = useState("");

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    void run(async () => {
      const out = await client.post<{ setup_code: string }>("/api/system/factory-reset", { confirm: typed });
      setCode(out.setup_code);
    });
  };

  return (
    <section className="card" aria-labelledby="reset-title" id="factory-reset">
      <h2 id="reset-title">{t("system.reset.title")}</h2>
      {code ? (
        <>
          <p className="ok" role="status">{t("system.reset.done")}</p>
          <p>{t("system.reset.code")} <code id="setup-code">{code}</code></p>
          <button type="button" onClick={() => window.location.reload()}>{t("system.reset.setUp")}</button>
        </>
      ) : (
        <>
          <p className="hint">{t("system.reset.hint")}</p>
          <ErrorNotice error={error} />
          <form id="reset-form" onSubmit={submit}>
            <Field name="confirm" label={t("system.reset.type", { words: confirmWords })} error={error} value={typed}
              onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
            <button type="submit" className="danger" disabled={busy || typed.trim().toLowerCase() !== confirmWords}>{t("system.reset.submit")}</button>
          </form>
        </>
      )}
    </section>
  );
}
