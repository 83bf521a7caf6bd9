// UssdBox sends a USSD request through a module (the balance, *100#, by
// default) and shows the network's answer and the recent ones.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { useApp } from "../context";
import { formatDateTime } from "../format";
import { text } from "../forms";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";
import type { USSD } from "./types";

export function UssdBox({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const { client } = useApp();
  const history = useLoad<USSD[]>(`/api/gsm-modules/${id}/ussd?limit=5`);
  const [answer, setAnswer] = useState<USSD | null>(null);
  const { busy, error, run } = useAction();

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const code = text(new FormData(ev.currentTarget), "code");
    setAnswer(null);
    void run(async () => setAnswer(await client.post<USSD>(`/api/gsm-modules/${id}/ussd`, { code }))).then(() => history.reload());
  };

  return (
    <section className="card" aria-labelledby="gsm-ussd">
      <h2 id="gsm-ussd">{t("gsm.ussd")}</h2>
      <ErrorNotice error={error} />
      <form id="ussd-form" className="inline" onSubmit={submit}>
        <label htmlFor="field-code" className="visually-hidden">{t("gsm.ussdCode")}</label>
        <input id="field-code" name="code" defaultValue="*100#" inputMode="tel" autoComplete="off" required />
        <button type="submit" disabled={busy}>{busy ? t("gsm.asking") : t("gsm.balance")}</button>
      </form>
      {answer ? (
        <p id="ussd-answer" role="status" className={answer.error ? "field-error" : "ok"}>
          {answer.error || answer.reply}
        </p>
      ) : null}
      {history.data && history.data.length > 0 ? (
        <ul className="history">
          {history.data.map((u) => (
            <li key={u.id}>
              <span className="muted">{formatDateTime(u.created_at, i18n.language)} {u.code}</span> {u.error || u.reply}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
