// ExtensionsPage lists the extensions, creates, changes and deletes one;
// per extension it opens its SIP devices, and its do-not-disturb and call
// forwarding.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Check } from "../components/Choice";
import { ConfirmButton } from "../components/ConfirmButton";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { useApp } from "../context";
import { DevicesPanel } from "../devices/DevicesPanel";
import { extensionBody, renumbering, type ExtensionBody, type ExtensionSaved, type Renumbered } from "../extensions/extensionForm";
import { ForwardingPanel } from "../extensions/ForwardingPanel";
import { outboundLevels, type Extension } from "../types";
import { useFocusOn } from "../useFocusOn";

export function ExtensionsPage() {
  const { t } = useTranslation();
  const { client } = useApp();
  const [list, setList] = useState<Extension[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState("");
  const [busy, setBusy] = useState(false);
  const [devicesOf, setDevicesOf] = useState<number | null>(null);
  const [forwardingOf, setForwardingOf] = useState<number | null>(null);
  // editing is the extension in the form: null for a new one.
  const [editing, setEditing] = useState<number | null>(null);
  // renumber is a change giving the extension a new number, waiting for
  // the admin to confirm what moves with it (the box's dry run) and that
  // its phones must register again.
  const [renumber, setRenumber] = useState<{ body: ExtensionBody; to: string; moves: Renumbered } | null>(null);
  // voicemailError says why the messages of a renumbered extension's box
  // stayed under its old number.
  const [voicemailError, setVoicemailError] = useState("");
  const ext = list?.find((e) => e.id === editing) ?? null;
  useFocusOn("field-name", editing);

  const load = useCallback(async () => {
    try {
      setList(await client.get<Extension[]>("/api/extensions"));
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, [client]);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const body = extensionBody(new FormData(form), ext !== null);
    const to = ext ? renumbering(ext.number, body) : null;
    if (ext && to) {
      setBusy(true);
      setCreated("");
      setVoicemailError("");
      try {
        const dry = await client.put<ExtensionSaved>(`/api/extensions/${ext.id}?dry_run=1`, body);
        const moves = dry.renumbered ?? { from: ext.number, moved: [], mailbox_moved: false };
        setRenumber({ body, to, moves: { ...moves, moved: moves.moved ?? [] } });
        setError(null);
      } catch (e) {
        setError(e);
      } finally {
        setBusy(false);
      }
      return;
    }
    await save(form, body);
  };

  const save = async (form: HTMLFormElement | null, body: ExtensionBody) => {
    setBusy(true);
    setCreated("");
    setRenumber(null);
    setVoicemailError("");
    try {
      if (ext) {
        const out = await client.put<ExtensionSaved>(`/api/extensions/${ext.id}`, body);
        const moved = out.renumbered;
        setCreated(moved ? t("people.extensions.renumbered", { number: out.number, from: moved.from }) : t("people.extensions.saved", { number: out.number }));
        if (moved?.voicemail_error) setVoicemailError(t("people.extensions.renumberVoicemailFailed", { from: moved.from, reason: moved.voicemail_error }));
      } else {
        const out = await client.post<Extension>("/api/extensions", body);
        setCreated(t("extensions.created", { number: out.number }));
        form?.reset();
      }
      setError(null);
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // An extension that a scenario, group, port, rule or forward still uses
  // is refused by the box, which names the user.
  const remove = async (x: Extension) => {
    setBusy(true);
    setCreated("");
    try {
      await client.request("DELETE", `/api/extensions/${x.id}`);
      setError(null);
      setEditing(null);
      if (devicesOf === x.id) setDevicesOf(null);
      if (forwardingOf === x.id) setForwardingOf(null);
      setCreated(t("removal.deleted", { name: t("people.extensions.named", { number: x.number }) }));
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const change = (id: number) => {
    setEditing(id);
    setRenumber(null);
    setVoicemailError("");
    setError(null);
    setCreated("");
  };

  return (
    <>
      <ErrorNotice error={loadError} />
      {list === null ? (
        <p>{t("app.loading")}</p>
      ) : list.length === 0 ? (
        <p>{t("extensions.empty")}</p>
      ) : (
        <>
          <p className="muted" id="extension-count">{t("extensions.count", { count: list.length })}</p>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="extension-count">
            <table id="extensions">
              <thead>
                <tr>
                  <th scope="col">{t("extensions.number")}</th>
                  <th scope="col">{t("extensions.name")}</th>
                  <th scope="col">{t("extensions.email")}</th>
                  <th scope="col">{t("extensions.mobile")}</th>
                  <th scope="col">{t("extensions.outbound")}</th>
                  <th scope="col">{t("extensions.voicemail")}</th>
                  <th scope="col">{t("devices.column")}</th>
                  <th scope="col">{t("forwarding.column")}</th>
                  <th scope="col"><span className="visually-hidden">{t("ports.edit")}</span></th>
                </tr>
              </thead>
              <tbody>
                {list.map((e) => (
                  <tr key={e.id} data-number={e.number}>
                    <td>{e.number}</td>
                    <td>{e.name}</td>
                    <td>{e.email}</td>
                    <td>{e.mobile}</td>
                    <td>{t(`extensions.levels.${e.outbound}`)}</td>
                    <td>
                      {e.voicemail ? "✓" : "–"}
                      {e.on_duty ? null : <> <span className="badge" data-off-duty>{t("people.extensions.offDuty")}</span></>}
                    </td>
                    <td>
                      <button type="button" className="secondary" data-devices={e.number} onClick={() => setDevicesOf(e.id)}>
                        {t("devices.open", { number: e.number })}
                      </button>
                    </td>
                    <td data-key="forwarding">
                      {e.dnd ? <span className="badge" data-dnd>{t("forwarding.dndBadge")}</span> : null}{" "}
                      <button type="button" className="secondary" data-forwarding={e.number} onClick={() => setForwardingOf(e.id)}>
                        {t("forwarding.open", { number: e.number })}
                      </button>
                    </td>
                    <td>
                      <button type="button" className="secondary" data-edit={e.number} onClick={() => change(e.id)}>
                        {t("people.extensions.change", { number: e.number })}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {list?.find((e) => e.id === devicesOf) ? (
        <DevicesPanel key={devicesOf} ext={list.find((e) => e.id === devicesOf)!} onClose={() => setDevicesOf(null)} />
      ) : null}

      {list?.find((e) => e.id === forwardingOf) ? (
        <ForwardingPanel key={forwardingOf} ext={list.find((e) => e.id === forwardingOf)!} onSaved={load} onClose={() => setForwardingOf(null)} />
      ) : null}

      <section className="card form-card" aria-labelledby="extension-title">
        <h2 id="extension-title">{ext ? t("people.extensions.title", { number: ext.number, name: ext.name }) : t("extensions.create")}</h2>
        {ext ? <button type="button" className="link" onClick={() => { setEditing(null); setRenumber(null); setError(null); setCreated(""); }}>{t("extensions.create")}</button> : null}
        <ErrorNotice error={error} />
        {created ? (
          <p className="ok" role="status" id="created">
            {created}
          </p>
        ) : null}
        {voicemailError ? (
          <p className="warning" role="alert" id="renumber-voicemail">
            {voicemailError}
          </p>
        ) : null}
        <form id="extension-form" key={ext?.id ?? "new"} onSubmit={submit}>
          <Field name="number" label={t("extensions.number")} hint={t(ext ? "people.extensions.numberHint" : "extensions.numberHint")} error={error}
            defaultValue={ext?.number} inputMode="numeric" autoComplete="off" required />
          <Field name="name" label={t("extensions.name")} error={error} defaultValue={ext?.name} autoComplete="off" required />
          <Field name="email" label={t("extensions.email")} error={error} defaultValue={ext?.email} type="email" autoComplete="off" />
          <Field name="mobile" label={t("extensions.mobile")} error={error} defaultValue={ext?.mobile} type="tel" autoComplete="off" />
          <div className="field">
            <label htmlFor="field-outbound">{t("extensions.outbound")}</label>
            <select id="field-outbound" name="outbound" defaultValue={ext?.outbound ?? "internal"}>
              {outboundLevels.map((l) => (
                <option key={l} value={l}>
                  {t(`extensions.levels.${l}`)}
                </option>
              ))}
            </select>
          </div>
          <Check name="voicemail" label={t("extensions.voicemail")} error={error} defaultChecked={ext?.voicemail ?? false} />
          {ext ? <Check name="on_duty" label={t("extensions.onDuty")} error={error} defaultChecked={ext.on_duty} /> : null}
          {ext && renumber ? (
            <div className="warning" role="alert" id="renumber">
              <p>{t("people.extensions.renumberConfirm", { from: ext.number, to: renumber.to })}</p>
              {renumber.moves.moved.length > 0 ? (
                <>
                  <p>{t("people.extensions.renumberMoves", { from: ext.number, to: renumber.to })}</p>
                  <ul id="renumber-moves">
                    {renumber.moves.moved.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </ul>
                </>
              ) : (
                <p>{t("people.extensions.renumberNothing", { from: ext.number })}</p>
              )}
              {renumber.moves.mailbox_moved && (ext.voicemail || renumber.body.voicemail || renumber.moves.moved.some((m) => m.startsWith("mailbox "))) ? (
                <p id="renumber-mailbox">{t("people.extensions.renumberMailbox", { to: renumber.to })}</p>
              ) : null}
              <div className="buttons">
                <button type="button" className="danger" disabled={busy} onClick={() => void save(null, renumber.body)}>
                  {t("people.extensions.renumberSubmit", { to: renumber.to })}
                </button>
                <button type="button" className="secondary" onClick={() => setRenumber(null)}>
                  {t("people.extensions.renumberCancel", { from: ext.number })}
                </button>
              </div>
            </div>
          ) : null}
          <div className="buttons">
            <button type="submit" disabled={busy}>
              {ext ? t("ports.save") : t("extensions.submit")}
            </button>
            {ext ? (
              <ConfirmButton key={ext.id} id="extension-delete" label={t("removal.delete")}
                confirmLabel={t("removal.confirm", { name: t("people.extensions.named", { number: ext.number }) })} busy={busy} onConfirm={() => void remove(ext)} />
            ) : null}
          </div>
        </form>
      </section>
    </>
  );
}
