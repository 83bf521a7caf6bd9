// HolidaysEditor sets which production calendar a schedule follows and
// how its days map, shows that calendar's holidays and moved days for a
// year as the firmware ships them, and edits the admin's own dates.
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ApiError } from "../api";
import { formatDate } from "./dates";
import { countryLanguage, intervalChoices, type AdminDate, type CalendarYear, type Holidays, type ScheduleDocument } from "./document";
import { weekdays } from "./grid";
import { useLoad } from "../useLoad";
import { dayNames } from "./WeekGrid";

interface HolidaysEditorProps {
  doc: ScheduleDocument;
  error: unknown;
  onChange: (h: Holidays) => void;
}

export function HolidaysEditor({ doc, error, onChange }: HolidaysEditorProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const h = doc.holidays;
  const dates = h.dates ?? [];
  const [year, setYear] = useState(() => new Date().getFullYear());
  const calendars = useLoad<CalendarYear[]>(`/api/schedules/calendars?year=${year}`);
  const shown = calendars.data?.find((c) => c.country === h.country) ?? null;
  const bad = error instanceof ApiError ? error.field : "";
  const days = dayNames(lang, "long");
  const regions = new Intl.DisplayNames([lang], { type: "region" });
  const intervals = intervalChoices(doc);
  const kindLabel = (name: string) => (name === "working" || name === "non-working" ? t(`schedules.kinds.${name}`) : name);

  const setDate = (i: number, d: AdminDate) => onChange({ ...h, dates: dates.map((x, k) => (k === i ? d : x)) });

  return (
    <div id="holidays">
      <div className="field">
        <label htmlFor="holiday-country">{t("schedules.country")}</label>
        <select id="holiday-country" value={h.country ?? ""} aria-invalid={bad === "document.holidays.country" || undefined}
          onChange={(e) => onChange({ ...h, country: e.target.value })}>
          <option value="">{t("schedules.noCountry")}</option>
          {(calendars.data ?? []).map((c) => (
            <option key={c.country} value={c.country}>{regions.of(c.country) ?? c.country}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="holiday-mapping">{t("schedules.holidayIs")}</label>
        <select id="holiday-mapping" value={h.like ? `like:${h.like}` : (h.interval ?? "")}
          onChange={(e) => {
            const v = e.target.value;
            onChange(v.startsWith("like:") ? { ...h, like: v.slice(5), interval: "" } : { ...h, interval: v, like: "" });
          }}>
          <option value="">{t("schedules.wholeDay", { interval: kindLabel("non-working") })}</option>
          {intervals.filter((n) => n !== "non-working").map((n) => (
            <option key={n} value={n}>{t("schedules.wholeDay", { interval: kindLabel(n) })}</option>
          ))}
          {weekdays.map((d, k) => (
            <option key={d} value={`like:${d}`}>{t("schedules.likeDay", { day: days[k] })}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="working-like">{t("schedules.movedWorkingDay")}</label>
        <select id="working-like" value={h.working_day_like ?? ""} onChange={(e) => onChange({ ...h, working_day_like: e.target.value })}>
          <option value="">{t("schedules.asCalendar")}</option>
          {weekdays.map((d, k) => (
            <option key={d} value={d}>{t("schedules.likeDay", { day: days[k] })}</option>
          ))}
        </select>
      </div>
      {h.country === "UA" ? (
        <div className="field check">
          <input id="observe-suspended" type="checkbox" checked={h.observe_suspended ?? false}
            onChange={(e) => onChange({ ...h, observe_suspended: e.target.checked })} />
          <label htmlFor="observe-suspended">{t("schedules.observeSuspended")}</label>
        </div>
      ) : null}

      <h3>{t("schedules.ownDates")}</h3>
      {dates.length === 0 ? <p className="muted">{t("schedules.noOwnDates")}</p> : null}
      {dates.map((d, i) => {
        const at = `document.holidays.dates[${i}]`;
        return (
          <div key={i} className="date-row" data-date-row={i}>
            <input type="date" aria-label={t("schedules.date")} value={d.date} aria-invalid={bad.startsWith(`${at}.date`) || undefined}
              onChange={(e) => setDate(i, { ...d, date: e.target.value })} />
            <select aria-label={t("schedules.dateKind")} value={d.kind} onChange={(e) => setDate(i, { ...d, kind: e.target.value as AdminDate["kind"] })}>
              <option value="holiday">{t("schedules.dateHoliday")}</option>
              <option value="working">{t("schedules.dateWorking")}</option>
            </select>
            {d.kind === "working" ? (
              <select aria-label={t("schedules.movedWorkingDay")} value={d.like || "mon"} onChange={(e) => setDate(i, { ...d, like: e.target.value })}>
                {weekdays.map((w, k) => (
                  <option key={w} value={w}>{t("schedules.likeDay", { day: days[k] })}</option>
                ))}
              </select>
            ) : null}
            <input aria-label={t("schedules.dateName")} placeholder={t("schedules.dateName")} value={d.name ?? ""} maxLength={80}
              onChange={(e) => setDate(i, { ...d, name: e.target.value })} />
            <button type="button" className="link" onClick={() => onChange({ ...h, dates: dates.filter((_, k) => k !== i) })}>
              {t("schedules.removeDate")}
            </button>
          </div>
        );
      })}
      <button type="button" className="secondary" id="add-date"
        onClick={() => onChange({ ...h, dates: [...dates, { date: `${year}-12-31`, kind: "holiday", name: "" }] })}>
        {t("schedules.addDate")}
      </button>

      {h.country ? (
        <section className="calendar" aria-labelledby="calendar-title">
          <h3 id="calendar-title">
            {t("schedules.calendarOf", { country: regions.of(h.country) ?? h.country })}{" "}
            <select aria-label={t("schedules.year")} value={year} onChange={(e) => setYear(Number(e.target.value))}>
              {[year - 1, year, year + 1].map((y) => (
                <option key={y} value={y}>{y}</option>
              ))}
            </select>
          </h3>
          {shown === null ? <p>{t("app.loading")}</p> : shown.coverage === "" ? (
            <p className="muted">{t("schedules.noCalendarYear", { year })}</p>
          ) : (
            <>
              {shown.coverage === "provisional" ? <p className="hint">{t("schedules.provisional")}</p> : null}
              <ul className="calendar-days" id="calendar-days">
                {shown.days.map((d) => (
                  <li key={d.date} data-kind={d.kind} data-date={d.date}>
                    <span className="date">{formatDate(d.date, lang)}</span>{" "}
                    <span className={`day-kind kind-${d.kind}`}>{t(`schedules.calendarKinds.${d.kind}`)}</span>{" "}
                    {countryLanguage[h.country!] === lang && d.local_name ? d.local_name : d.name}
                    {d.like ? ` (${t("schedules.likeDay", { day: days[weekdays.indexOf(d.like as (typeof weekdays)[number])] })})` : ""}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}
