// SchedulesPage lists the schedules and edits one: its time zone, a
// weekly grid painted with the pointer, the exact ranges of each interval,
// and its holidays. The box reads the document as the scenario engine
// will, and refuses one it cannot read with the field at fault.
import { useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ConfirmButton } from "../components/ConfirmButton";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { ListTable } from "../components/ListTable";
import { useApp } from "../context";
import {
  forSave,
  intervalChoices,
  isStandard,
  newDocument,
  nonWorking,
  readDocument,
  renameInterval,
  type Schedule,
  type ScheduleDocument,
} from "../schedules/document";
import { fromGrid, toGrid } from "../schedules/grid";
import { HolidaysEditor } from "../schedules/HolidaysEditor";
import { RangesEditor } from "../schedules/RangesEditor";
import { WeekGrid } from "../schedules/WeekGrid";
import "../schedules/schedules.css";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";

// browserZone is the browser's time zone, the likely zone of a new
// schedule.
function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export function SchedulesPage() {
  const { t } = useTranslation();
  const schedules = useLoad<Schedule[]>("/api/schedules");
  // editing is the schedule in the editor: 0 for a new one, null for none.
  const [editing, setEditing] = useState<number | null>(null);
  const [saved, setSaved] = useState("");
  const current = editing ? (schedules.data?.find((s) => s.id === editing) ?? null) : null;

  return (
    <>
      <ErrorNotice error={schedules.error} />
      <ListTable id="schedules" label={t("schedules.title")} rows={schedules.data} empty={t("schedules.empty")} rowKey={(s) => s.id}
        rowData={(s) => ({ schedule: s.name })}
        columns={[
          { head: t("schedules.name"), cell: (s) => s.name },
          { head: t("schedules.timeZone"), cell: (s) => s.time_zone },
          { head: t("schedules.intervals"), cell: (s) => readDocument(s.document, s.time_zone).intervals.map((iv) => (isStandard(iv.name) ? t(`schedules.kinds.${iv.name}`) : iv.name)).join(", ") },
        ]}
        action={(s) => ({ text: t("schedules.edit", { name: s.name }), onClick: () => { setEditing(s.id); setSaved(""); }, data: { edit: s.id } })} />
      {saved ? <p className="ok" role="status" id="saved">{saved}</p> : null}
      {editing === null ? (
        <button type="button" id="new-schedule" className="new-schedule" onClick={() => { setEditing(0); setSaved(""); }}>{t("schedules.create")}</button>
      ) : (
        <ScheduleEditor key={editing} schedule={current}
          onSaved={async (s, created) => {
            await schedules.reload();
            setEditing(s.id);
            setSaved(t(created ? "schedules.created" : "schedules.saved", { name: s.name }));
          }}
          onDeleted={async (name) => {
            await schedules.reload();
            setEditing(null);
            setSaved(t("schedules.deleted", { name }));
          }}
          onClose={() => setEditing(null)} />
      )}
    </>
  );
}

interface EditorProps {
  schedule: Schedule | null;
  onSaved: (s: Schedule, created: boolean) => Promise<void>;
  onDeleted: (name: string) => Promise<void>;
  onClose: () => void;
}

function ScheduleEditor({ schedule, onSaved, onDeleted, onClose }: EditorProps) {
  const { t, i18n } = useTranslation();
  const { client } = useApp();
  const [name, setName] = useState(schedule?.name ?? "");
  const [doc, setDoc] = useState<ScheduleDocument>(() =>
    schedule ? readDocument(schedule.document, schedule.time_zone) : newDocument(browserZone(), i18n.language),
  );
  const [brush, setBrush] = useState(0);
  const { busy, error, run } = useAction();
  const { grid, exact } = useMemo(() => toGrid(doc.intervals), [doc.intervals]);
  const names = doc.intervals.map((iv) => iv.name);
  const label = (n: string) => (isStandard(n) ? t(`schedules.kinds.${n}`) : n);
  const defaultName = doc.default || nonWorking;
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []), []);

  const save = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    void run(async () => {
      const body = { name: name.trim(), time_zone: doc.time_zone ?? "", document: forSave(doc) };
      const out = schedule ? await client.put<Schedule>(`/api/schedules/${schedule.id}`, body) : await client.post<Schedule>("/api/schedules", body);
      await onSaved(out, !schedule);
    });
  };
  const remove = () =>
    void run(async () => {
      await client.request("DELETE", `/api/schedules/${schedule!.id}`);
      await onDeleted(schedule!.name);
    });

  return (
    <section className="card schedule-editor" aria-labelledby="schedule-title">
      <h2 id="schedule-title">{schedule ? schedule.name : t("schedules.create")}</h2>
      <ErrorNotice error={error} />
      <form id="schedule-form" onSubmit={save}>
        <div className="schedule-head">
          <Field name="name" label={t("schedules.name")} error={error} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required autoComplete="off" />
          <Field name="time_zone" label={t("schedules.timeZone")} hint={t("schedules.timeZoneHint")} error={error} list="time-zones" value={doc.time_zone ?? ""}
            onChange={(e) => setDoc({ ...doc, time_zone: e.target.value })} autoComplete="off" required />
          <datalist id="time-zones">
            {zones.map((z) => <option key={z} value={z} />)}
          </datalist>
          <div className="field">
            <label htmlFor="field-default">{t("schedules.default")}</label>
            <select id="field-default" value={defaultName} onChange={(e) => setDoc({ ...doc, default: e.target.value })}>
              {intervalChoices(doc).map((n) => <option key={n} value={n}>{label(n)}</option>)}
            </select>
          </div>
        </div>

        <h3>{t("schedules.week")}</h3>
        <p className="hint">{t("schedules.paintHint")}</p>
        <div className="brushes" role="radiogroup" aria-label={t("schedules.brush")}>
          {names.map((n, i) => (
            <label key={i} className="brush">
              <input type="radio" name="brush" value={i} checked={brush === i} onChange={() => setBrush(i)} />
              <span className={`swatch iv-${i}`} aria-hidden="true" /> {label(n)}
            </label>
          ))}
          <label className="brush">
            <input type="radio" name="brush" value={-1} checked={brush === -1} onChange={() => setBrush(-1)} />
            <span className="swatch iv-default" aria-hidden="true" /> {t("schedules.erase", { interval: label(defaultName) })}
          </label>
        </div>
        {!exact ? <p className="warning" id="grid-inexact">{t("schedules.inexact")}</p> : null}
        <WeekGrid grid={grid} brush={brush} names={names.map(label)} defaultName={label(defaultName)}
          onPaint={(g) => setDoc({ ...doc, intervals: fromGrid(g, names) })} />

        <h3>{t("schedules.ranges")}</h3>
        <RangesEditor doc={doc} error={error}
          onChange={(intervals) => {
            setDoc({ ...doc, intervals });
            if (brush >= intervals.length) setBrush(0);
          }}
          onRename={(from, to) => setDoc(renameInterval(doc, from, to))} />

        <h3>{t("schedules.holidays")}</h3>
        <HolidaysEditor doc={doc} error={error} onChange={(holidays) => setDoc({ ...doc, holidays })} />

        <div className="form-actions">
          <button type="submit" disabled={busy}>{schedule ? t("schedules.save") : t("schedules.submit")}</button>
          <button type="button" className="secondary" onClick={onClose}>{t("schedules.close")}</button>
          {schedule ? (
            <ConfirmButton label={t("schedules.delete")} confirmLabel={t("schedules.confirmDelete", { name: schedule.name })} id="confirm-delete" busy={busy} onConfirm={remove} />
          ) : null}
        </div>
      </form>
    </section>
  );
}
