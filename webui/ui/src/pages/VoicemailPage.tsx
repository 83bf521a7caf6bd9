// VoicemailPage lists each mailbox's messages with caller, time and
// length: the admin listens in the browser, marks them heard and deletes
// them. Playing a new message marks it heard, as listening by phone does
// once the caller saves it. The websocket's voicemail events keep the
// counts and the shown mailbox's messages live. Below, the admin keeps the
// mailboxes themselves: their PINs, e-mail and greetings.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { ListTable } from "../components/ListTable";
import { useApp } from "../context";
import { useFeed, type FeedEvent } from "../feed";
import { formatClock, formatDateTime } from "../format";
import type { VoicemailBox, VoicemailMessage } from "../system/types";
import { boxChanged, isVoicemailEvent } from "../voicemail/live";
import { MailboxesSection } from "../voicemail/MailboxesSection";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";

const voicemailTopics = ["voicemail"] as const;

export function VoicemailPage() {
  const { t, i18n } = useTranslation();
  const { client, sessionEnded } = useApp();
  const loaded = useLoad<VoicemailBox[]>("/api/voicemail");
  // live is the mailboxes as the feed last told them; it replaces the
  // loaded list once it comes.
  const [live, setLive] = useState<VoicemailBox[] | null>(null);
  const boxes = { ...loaded, data: live ?? loaded.data };
  const [chosen, setChosen] = useState<string | null>(null);
  // The page opens the first mailbox with messages, and stays on the one
  // shown while its messages change.
  useEffect(() => {
    if (chosen === null && boxes.data && boxes.data.length > 0) {
      setChosen((boxes.data.find((b) => b.new + b.saved > 0) ?? boxes.data[0]).number);
    }
  }, [chosen, boxes.data]);
  const box = chosen;
  const base = box === null ? null : `/api/voicemail/${encodeURIComponent(box)}/messages`;
  const messages = useLoad<VoicemailMessage[]>(base);
  const { busy, error, run } = useAction();
  const feed = useFeed(client, voicemailTopics, {
    onEvent: (ev: FeedEvent) => {
      if (!isVoicemailEvent(ev)) return;
      if (boxChanged(boxes.data, ev.boxes, box)) void messages.reload();
      setLive(ev.boxes);
    },
    // Back after a drop: what changed meanwhile is read afresh.
    onOpen: (reconnected) => {
      if (reconnected) void messages.reload();
    },
  }, sessionEnded);

  const act = (f: () => Promise<unknown>) =>
    void run(async () => {
      await f();
      // The feed brings the new counts; without it they are read again.
      if (feed !== "live") setLive(null);
      await Promise.all([messages.reload(), feed === "live" ? undefined : loaded.reload()]);
    });
  const markHeard = (m: VoicemailMessage) => act(() => client.put(`${base}/${m.id}`, { state: "saved" }));
  const remove = (m: VoicemailMessage) => act(() => client.request("DELETE", `${base}/${m.id}`));

  return (
    <>
      <ErrorNotice error={boxes.error} />
      {boxes.data && boxes.data.length === 0 ? <p>{t("voicemail.noBoxes")}</p> : null}
      {boxes.data && boxes.data.length > 0 ? (
        <div className="field">
          <label htmlFor="mailbox">
            {t("voicemail.mailbox")} <span id="voicemail-live" className={`badge ${feed}`}>{t(`dashboard.${feed}`)}</span>
          </label>
          <select id="mailbox" value={box ?? ""} onChange={(e) => setChosen(e.target.value)}>
            {boxes.data.map((b) => (
              <option key={b.number} value={b.number}>
                {t("voicemail.boxOption", { number: b.number, owner: b.owner || t("voicemail.noOwner"), fresh: b.new, heard: b.saved })}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <ErrorNotice error={messages.error ?? error} />
      {base ? (
        <ListTable id="messages" label={t("voicemail.messages")} rows={messages.data} empty={t("voicemail.empty")}
          rowKey={(m) => m.id} rowData={(m) => ({ message: m.id, state: m.state })}
          columns={[
            { head: t("voicemail.caller"), key: "caller", cell: (m) => (m.caller_name ? `${m.caller_name} (${m.caller_number || "?"})` : m.caller_number || t("voicemail.unknown")) },
            { head: t("voicemail.received"), cell: (m) => formatDateTime(m.received, i18n.language) },
            { head: t("voicemail.duration"), key: "duration", cell: (m) => formatClock(m.duration_ms / 1000, i18n.language) },
            { head: t("voicemail.state"), key: "state", cell: (m) => (m.state === "new" ? <strong>{t("voicemail.new")}</strong> : t("voicemail.heard")) },
            { head: t("voicemail.listen"), cell: (m) => (
              <audio controls preload="none" src={`${base}/${m.id}/audio`} aria-label={t("voicemail.listenTo", { caller: m.caller_number })}
                onPlay={() => (m.state === "new" ? markHeard(m) : undefined)} />
            ) },
            { head: t("voicemail.actions"), cell: (m) => (
              <span className="actions">
                {m.state === "new" ? (
                  <button type="button" className="secondary" data-heard={m.id} disabled={busy} onClick={() => markHeard(m)}>{t("voicemail.markHeard")}</button>
                ) : null}{" "}
                <button type="button" className="danger" data-delete={m.id} disabled={busy} onClick={() => remove(m)}>{t("voicemail.delete")}</button>
              </span>
            ) },
          ]} />
      ) : null}
      <MailboxesSection onChanged={loaded.reload} />
    </>
  );
}
