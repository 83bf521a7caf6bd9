// SmsBox is a module's SMS: a compose box, the inbox and the outbox with
// each message's delivery status, kept live by the websocket's sms events.
import { useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { useApp } from "../context";
import { useFeed, type FeedEvent } from "../feed";
import { formatDateTime } from "../format";
import { text } from "../forms";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";
import { isSMSEvent, maxShown, mergeSMS } from "./smsLive";
import type { SMS } from "./types";

const smsTopics = ["sms"] as const;

function Box({ id, title, list }: { id: string; title: string; list: SMS[] | null }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="sms-box">
      <h3 id={`${id}-title`}>{title}</h3>
      {list === null ? (
        <p>{t("app.loading")}</p>
      ) : list.length === 0 ? (
        <p className="muted">{t("gsm.noMessages")}</p>
      ) : (
        <ul id={id} className="messages" aria-labelledby={`${id}-title`}>
          {list.map((m) => (
            <li key={m.id} data-sms={m.id} data-status={m.status}>
              <div className="message-head">
                <strong>{m.peer}</strong>
                <span className="muted">{formatDateTime(m.created_at, i18n.language)}</span>
                <span className="badge">{t(`gsm.status.${m.status}`, { defaultValue: m.status })}</span>
              </div>
              <p className="message-text">{m.text}</p>
              {m.last_error ? <p className="field-error">{m.last_error}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function SmsBox({ slot }: { slot: number }) {
  const { t } = useTranslation();
  const { client, sessionEnded } = useApp();
  const module = `gsm/${slot}`;
  const inbox = useLoad<SMS[]>(`/api/sms?direction=in&module=${module}`);
  const outbox = useLoad<SMS[]>(`/api/sms?direction=out&module=${module}`);
  // live holds the messages the feed brought, as they are now; they take
  // their places in the lists as loaded.
  const [live, setLive] = useState<SMS[]>([]);
  const feed = useFeed(client, smsTopics, {
    onEvent: (ev: FeedEvent) => {
      if (!isSMSEvent(ev) || ev.message.module !== module) return;
      const m = ev.message;
      setLive((l) => [m, ...l.filter((x) => x.id !== m.id)].slice(0, 2 * maxShown));
    },
    // Back after a drop: what changed meanwhile is read afresh.
    onOpen: (reconnected) => {
      if (reconnected) void Promise.all([inbox.reload(), outbox.reload()]);
    },
  }, sessionEnded);
  const inList = useMemo(() => inbox.data && live.reduceRight((l, m) => mergeSMS(l, m, "in", module), inbox.data), [inbox.data, live, module]);
  const outList = useMemo(() => outbox.data && live.reduceRight((l, m) => mergeSMS(l, m, "out", module), outbox.data), [outbox.data, live, module]);
  const { busy, error, run } = useAction();
  const [queued, setQueued] = useState(false);
  const [length, setLength] = useState(0);

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const f = new FormData(form);
    setQueued(false);
    void run(async () => {
      await client.post("/api/sms", { module, to: text(f, "to"), text: String(f.get("text") ?? "") });
      setQueued(true);
      form.reset();
      setLength(0);
    });
  };

  return (
    <section className="card wide" aria-labelledby="gsm-sms">
      <h2 id="gsm-sms">
        {t("gsm.sms")} <span id="sms-live" className={`badge ${feed}`}>{t(`dashboard.${feed}`)}</span>
      </h2>
      <ErrorNotice error={error ?? inbox.error ?? outbox.error} />
      <form id="sms-form" onSubmit={submit}>
        <Field name="to" label={t("gsm.to")} error={error} type="tel" autoComplete="off" required />
        <div className="field">
          <label htmlFor="field-text">{t("gsm.text")}</label>
          <textarea id="field-text" name="text" rows={3} maxLength={17085} required
            aria-describedby="sms-length" onChange={(e) => setLength(e.currentTarget.value.length)} />
          <small id="sms-length" className="hint">{t("gsm.characters", { count: length })}</small>
        </div>
        <div className="buttons">
          <button type="submit" disabled={busy}>{t("gsm.send")}</button>
        </div>
        {queued ? <p className="ok" role="status" id="sms-queued">{t("gsm.queued")}</p> : null}
      </form>
      <div className="sms-boxes">
        <Box id="inbox" title={t("gsm.inbox")} list={inList} />
        <Box id="outbox" title={t("gsm.outbox")} list={outList} />
      </div>
    </section>
  );
}
