// ListsPage keeps the black and white lists that scenarios' list elements
// check callers against: the lists, and in the chosen one its name, kind,
// exact numbers and prefixes.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Check, Choice } from "../components/Choice";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { ListTable } from "../components/ListTable";
import { useApp } from "../context";
import { renameField } from "../prefixedFields";
import type { NumberList, NumberListEntry } from "../system/types";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";

export function ListsPage() {
  const { t } = useTranslation();
  const { client } = useApp();
  const lists = useLoad<NumberList[]>("/api/number-lists");
  const [chosen, setChosen] = useState<number | null>(null);
  useEffect(() => {
    if (chosen === null && lists.data && lists.data.length > 0) setChosen(lists.data[0].id);
  }, [chosen, lists.data]);
  const list = lists.data?.find((l) => l.id === chosen) ?? null;
  const base = list ? `/api/number-lists/${list.id}/entries` : null;
  const entries = useLoad<NumberListEntry[]>(base);
  const create = useAction();
  const add = useAction();
  const remove = useAction();
  const edit = useAction();
  const [saved, setSaved] = useState("");

  const submitList = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const f = new FormData(form);
    setSaved("");
    void create.run(async () => {
      const out = await client.post<NumberList>("/api/number-lists", { name: String(f.get("name") ?? "").trim(), kind: String(f.get("kind")) });
      form.reset();
      await lists.reload();
      setChosen(out.id);
      setSaved(t("lists.created", { name: out.name }));
    });
  };
  const submitSettings = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (!list) return;
    const f = new FormData(ev.currentTarget);
    setSaved("");
    void edit.run(async () => {
      const out = await client.put<NumberList>(`/api/number-lists/${list.id}`, { name: String(f.get("list-name") ?? "").trim(), kind: String(f.get("list-kind")) });
      await lists.reload();
      setSaved(t("lists.changed", { name: out.name, kind: t(`lists.kinds.${out.kind}`) }));
    });
  };
  const submitEntry = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (!base) return;
    const form = ev.currentTarget;
    const f = new FormData(form);
    const body = { pattern: String(f.get("pattern") ?? ""), prefix: f.get("prefix") === "on", comment: String(f.get("comment") ?? "") };
    setSaved("");
    void add.run(async () => {
      await client.post(base, body);
      form.reset();
      await entries.reload();
    });
  };
  const removeEntry = (e: NumberListEntry) =>
    void remove.run(async () => {
      await client.request("DELETE", `${base}/${e.id}`);
      await entries.reload();
    });
  const removeList = (l: NumberList) =>
    void remove.run(async () => {
      await client.request("DELETE", `/api/number-lists/${l.id}`);
      setChosen(null);
      setSaved(t("lists.deleted", { name: l.name }));
      await lists.reload();
    });

  return (
    <>
      <p className="hint">{t("lists.intro")}</p>
      <ErrorNotice error={lists.error ?? remove.error} />
      <ListTable id="lists" label={t("lists.title")} rows={lists.data} empty={t("lists.empty")} rowKey={(l) => l.id} rowData={(l) => ({ list: l.name })}
        columns={[
          { head: t("lists.name"), cell: (l) => (l.id === chosen ? <strong>{l.name}</strong> : l.name) },
          { head: t("lists.kind"), key: "kind", cell: (l) => t(`lists.kinds.${l.kind}`) },
        ]}
        action={(l) => ({ text: t("lists.open", { name: l.name }), onClick: () => setChosen(l.id), data: { open: l.name } })} />
      {saved ? <p className="ok" role="status" id="lists-saved">{saved}</p> : null}
      {list ? (
        <section className="card form-card" aria-labelledby="entries-title" id="entries-card">
          <h2 id="entries-title">{t("lists.entriesOf", { name: list.name })}</h2>
          <ErrorNotice error={edit.error} />
          {/* Keyed by the list, so the fields show the list just opened. */}
          <form id="list-settings" key={list.id} onSubmit={submitSettings}>
            <Field name="list-name" label={t("lists.name")} error={renameField(edit.error, "list-")} defaultValue={list.name} maxLength={80} autoComplete="off" required />
            <Choice name="list-kind" label={t("lists.kind")} error={renameField(edit.error, "list-")} defaultValue={list.kind}
              options={(["black", "white"] as const).map((k) => ({ value: k, label: t(`lists.kinds.${k}`) }))} />
            <button type="submit" disabled={edit.busy}>{t("lists.saveSettings")}</button>
          </form>
          <ErrorNotice error={entries.error} />
          <ListTable id="entries" label={t("lists.entriesOf", { name: list.name })} rows={entries.data} empty={t("lists.noEntries")}
            rowKey={(e) => e.id} rowData={(e) => ({ pattern: e.pattern })}
            columns={[
              { head: t("lists.pattern"), key: "pattern", cell: (e) => (e.prefix ? t("lists.startsWith", { pattern: e.pattern }) : e.pattern) },
              { head: t("lists.comment"), cell: (e) => e.comment },
            ]}
            action={(e) => ({ text: t("lists.remove", { pattern: e.pattern }), onClick: () => removeEntry(e), data: { remove: e.pattern } })} />
          <ErrorNotice error={add.error} />
          <form id="entry-form" onSubmit={submitEntry}>
            <Field name="pattern" label={t("lists.pattern")} hint={t("lists.patternHint")} error={add.error} inputMode="tel" autoComplete="off" required />
            <Check name="prefix" label={t("lists.prefix")} error={add.error} />
            <Field name="comment" label={t("lists.comment")} error={add.error} autoComplete="off" />
            <button type="submit" disabled={add.busy}>{t("lists.add")}</button>
          </form>
          <p>
            <button type="button" className="danger" id="delete-list" disabled={remove.busy} onClick={() => removeList(list)}>{t("lists.delete", { name: list.name })}</button>
          </p>
        </section>
      ) : null}
      <section className="card form-card" aria-labelledby="new-list">
        <h2 id="new-list">{t("lists.create")}</h2>
        <ErrorNotice error={create.error} />
        <form id="list-form" onSubmit={submitList}>
          <Field name="name" label={t("lists.name")} error={create.error} autoComplete="off" required />
          <Choice name="kind" label={t("lists.kind")} error={create.error} defaultValue="black"
            options={(["black", "white"] as const).map((k) => ({ value: k, label: t(`lists.kinds.${k}`) }))} />
          <button type="submit" disabled={create.busy}>{t("lists.submit")}</button>
        </form>
      </section>
    </>
  );
}
