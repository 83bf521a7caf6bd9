// MailboxesSection lists the voicemail boxes and creates, changes and
// deletes one: its number, owner, PIN for listening by phone, e-mail for
// new messages and greeting. The PIN is write-only: the box says only
// whether one is set.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Check, Choice } from "../components/Choice";
import { ConfirmButton } from "../components/ConfirmButton";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { ListTable } from "../components/ListTable";
import { useApp } from "../context";
import type { Prompt } from "../pages/PromptsPage";
import type { Extension } from "../types";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";
import { useFocusOn } from "../useFocusOn";
import { mailboxBody, type Mailbox } from "./mailboxes";

export function MailboxesSection({ onChanged }: { onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const { client } = useApp();
  const boxes = useLoad<Mailbox[]>("/api/mailboxes");
  const extensions = useLoad<Extension[]>("/api/extensions");
  const prompts = useLoad<Prompt[]>("/api/prompts");
  // editing is the mailbox in the form: null for a new one.
  const [editing, setEditing] = useState<number | null>(null);
  const [saved, setSaved] = useState("");
  const { busy, error, setError, run } = useAction();
  const box = boxes.data?.find((b) => b.id === editing) ?? null;
  useFocusOn("field-number", editing);
  const owner = (id: number | null) => {
    const e = extensions.data?.find((x) => x.id === id);
    return e ? `${e.number} ${e.name}` : t("voicemail.noOwner");
  };
  const greeting = (id: number | null) => (id === null ? t("people.mailboxes.defaultGreeting") : prompts.data?.find((p) => p.id === id)?.name ?? `#${id}`);

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const body = mailboxBody(new FormData(ev.currentTarget));
    setSaved("");
    void run(async () => {
      const out = box ? await client.put<Mailbox>(`/api/mailboxes/${box.id}`, body) : await client.post<Mailbox>("/api/mailboxes", body);
      setSaved(t("people.mailboxes.saved", { number: out.number }));
      setEditing(out.id);
      await Promise.all([boxes.reload(), onChanged()]);
    });
  };
  // A mailbox that a scenario or a route's after-hours still uses is
  // refused by the box, which names the user.
  const remove = (b: Mailbox) => {
    setSaved("");
    void run(async () => {
      await client.request("DELETE", `/api/mailboxes/${b.id}`);
      setEditing(null);
      setSaved(t("removal.deleted", { name: t("people.mailboxes.named", { number: b.number }) }));
      await Promise.all([boxes.reload(), onChanged()]);
    });
  };
  const choose = (id: number | null) => {
    setEditing(id);
    setError(null);
    setSaved("");
  };

  return (
    <section className="card form-card" aria-labelledby="mailboxes-title">
      <h2 id="mailboxes-title">{t("people.mailboxes.title")}</h2>
      <p className="muted">{t("people.mailboxes.intro")}</p>
      <ErrorNotice error={boxes.error} />
      <ListTable id="mailboxes" label={t("people.mailboxes.title")} rows={boxes.data} empty={t("people.mailboxes.empty")} rowKey={(b) => b.id}
        rowData={(b) => ({ mailbox: b.number })}
        columns={[
          { head: t("people.mailboxes.number"), cell: (b) => b.number },
          { head: t("people.mailboxes.owner"), cell: (b) => owner(b.extension_id) },
          { head: t("people.mailboxes.pin"), key: "pin", cell: (b) => (b.pin_set ? t("people.mailboxes.pinSet") : t("people.mailboxes.noPin")) },
          { head: t("people.mailboxes.email"), cell: (b) => b.email || "–" },
          { head: t("people.mailboxes.greeting"), cell: (b) => greeting(b.greeting_prompt_id) },
        ]}
        action={(b) => ({ text: t("people.mailboxes.change", { number: b.number }), onClick: () => choose(b.id) })} />
      {saved ? <p className="ok" role="status" id="mailbox-saved">{saved}</p> : null}
      <h3 id="mailbox-form-title">{box ? t("people.mailboxes.named", { number: box.number }) : t("people.mailboxes.create")}</h3>
      {box ? <button type="button" className="link" onClick={() => choose(null)}>{t("people.mailboxes.create")}</button> : null}
      <ErrorNotice error={error} />
      <form id="mailbox-form" key={box?.id ?? "new"} onSubmit={submit} aria-labelledby="mailbox-form-title">
        <Field name="number" label={t("people.mailboxes.number")} hint={t("people.mailboxes.numberHint")} error={error} defaultValue={box?.number}
          inputMode="numeric" autoComplete="off" required />
        <Choice name="extension_id" label={t("people.mailboxes.owner")} error={error} defaultValue={box?.extension_id == null ? "" : String(box.extension_id)}
          options={[{ value: "", label: t("voicemail.noOwner") }, ...(extensions.data ?? []).map((e) => ({ value: String(e.id), label: `${e.number} ${e.name}` }))]} />
        <Field name="pin" label={t("people.mailboxes.pin")} hint={box?.pin_set ? t("people.mailboxes.pinKept") : t("people.mailboxes.pinHint")} error={error}
          type="password" inputMode="numeric" autoComplete="new-password" pattern="[0-9]{4,12}" />
        {box?.pin_set ? <Check name="clear_pin" label={t("people.mailboxes.clearPin")} error={error} /> : null}
        <Field name="email" label={t("people.mailboxes.email")} hint={t("people.mailboxes.emailHint")} error={error} defaultValue={box?.email} type="email" autoComplete="off" />
        <Choice name="greeting_prompt_id" label={t("people.mailboxes.greeting")} error={error}
          defaultValue={box?.greeting_prompt_id == null ? "" : String(box.greeting_prompt_id)}
          options={[{ value: "", label: t("people.mailboxes.defaultGreeting") }, ...(prompts.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))]} />
        <div className="buttons">
          <button type="submit" disabled={busy}>{box ? t("ports.save") : t("people.mailboxes.submit")}</button>
          {box ? (
            <ConfirmButton key={box.id} id="mailbox-delete" label={t("removal.delete")}
              confirmLabel={t("removal.confirm", { name: t("people.mailboxes.named", { number: box.number }) })} busy={busy} onConfirm={() => remove(box)} />
          ) : null}
        </div>
      </form>
    </section>
  );
}
