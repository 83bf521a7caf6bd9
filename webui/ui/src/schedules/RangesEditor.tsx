// RangesEditor is the manual editor of a schedule's intervals: each
// interval's name and its ranges with exact times, by keyboard or by
// hand. The box's refusal of a field (such as
// "document.intervals[1].ranges[0].to") marks that input.
import { useTranslation } from "react-i18next";

import { ApiError } from "../api";
import { canAddInterval, isStandard, maxIntervals, nonWorking, working, type ScheduleDocument } from "./document";
import { weekdays, type Interval, type Range } from "./grid";
import { dayNames } from "./WeekGrid";

interface RangesEditorProps {
  doc: ScheduleDocument;
  error: unknown;
  onChange: (intervals: Interval[]) => void;
  onRename: (from: string, to: string) => void;
}

export function RangesEditor({ doc, error, onChange, onRename }: RangesEditorProps) {
  const { t, i18n } = useTranslation();
  const days = dayNames(i18n.language);
  const bad = error instanceof ApiError ? error.field : "";
  const ivs = doc.intervals;

  const setRange = (i: number, j: number, r: Range) =>
    onChange(ivs.map((iv, k) => (k === i ? { ...iv, ranges: iv.ranges.map((x, l) => (l === j ? r : x)) } : iv)));
  const addRange = (i: number) =>
    onChange(ivs.map((iv, k) => (k === i ? { ...iv, ranges: [...iv.ranges, { days: ["mon"], from: "09:00", to: "18:00" }] } : iv)));
  const removeRange = (i: number, j: number) => onChange(ivs.map((iv, k) => (k === i ? { ...iv, ranges: iv.ranges.filter((_, l) => l !== j) } : iv)));
  const move = (i: number, by: number) => {
    const out = ivs.slice();
    [out[i], out[i + by]] = [out[i + by], out[i]];
    onChange(out);
  };
  const addInterval = () => {
    let n = 1;
    while (ivs.some((iv) => iv.name === `interval-${n}`)) n++;
    onChange([...ivs, { name: `interval-${n}`, ranges: [] }]);
  };

  return (
    <div id="ranges">
      <p className="hint">{t("schedules.orderHint")}</p>
      {ivs.map((iv, i) => {
        const at = `document.intervals[${i}]`;
        return (
          <fieldset key={i} className={`interval iv-border-${i}`} data-interval={iv.name}>
            <legend>
              <span className={`swatch iv-${i}`} aria-hidden="true" />
              {isStandard(iv.name) ? (
                t(`schedules.kinds.${iv.name}`)
              ) : (
                <input aria-label={t("schedules.intervalName")} value={iv.name} maxLength={32} className={bad === `${at}.name` ? "invalid" : undefined}
                  onChange={(e) => onRename(iv.name, e.target.value)} />
              )}
            </legend>
            {iv.ranges.length === 0 ? <p className="muted">{t("schedules.noRanges")}</p> : null}
            {iv.ranges.map((r, j) => {
              const rat = `${at}.ranges[${j}]`;
              return (
                <div key={j} className="range-row" data-range={`${i}.${j}`}>
                  <span className="range-days" role="group" aria-label={t("schedules.days")}>
                    {weekdays.map((d, k) => (
                      <label key={d} className="day-toggle">
                        <input type="checkbox" checked={r.days.includes(d)}
                          onChange={(e) => setRange(i, j, { ...r, days: e.target.checked ? weekdays.filter((x) => x === d || r.days.includes(x)) : r.days.filter((x) => x !== d) })} />
                        {days[k]}
                      </label>
                    ))}
                  </span>
                  <label>
                    {t("schedules.from")}{" "}
                    <input className={bad.startsWith(`${rat}.from`) ? "clock invalid" : "clock"} aria-invalid={bad.startsWith(`${rat}.from`) || undefined}
                      value={r.from} inputMode="numeric" placeholder="09:00" maxLength={5} size={5} data-field="from"
                      onChange={(e) => setRange(i, j, { ...r, from: e.target.value })} />
                  </label>
                  <label>
                    {t("schedules.to")}{" "}
                    <input className={bad.startsWith(`${rat}.to`) ? "clock invalid" : "clock"} aria-invalid={bad.startsWith(`${rat}.to`) || undefined}
                      value={r.to} inputMode="numeric" placeholder="18:00" maxLength={5} size={5} data-field="to"
                      onChange={(e) => setRange(i, j, { ...r, to: e.target.value })} />
                  </label>
                  <button type="button" className="link" onClick={() => removeRange(i, j)}>{t("schedules.removeRange")}</button>
                </div>
              );
            })}
            <div className="interval-tools">
              <button type="button" className="secondary" onClick={() => addRange(i)}>{t("schedules.addRange")}</button>
              {i > 0 ? <button type="button" className="link" onClick={() => move(i, -1)}>{t("schedules.moveUp")}</button> : null}
              {!isStandard(iv.name) ? (
                <button type="button" className="link" onClick={() => onChange(ivs.filter((_, k) => k !== i))}>{t("schedules.removeInterval")}</button>
              ) : null}
            </div>
          </fieldset>
        );
      })}
      {/* A stored schedule may lack one of the standard two. */}
      {[working, nonWorking].filter((n) => ivs.length < maxIntervals && !ivs.some((iv) => iv.name === n)).map((n) => (
        <button key={n} type="button" className="secondary add-standard" onClick={() => onChange([...ivs, { name: n, ranges: [] }])}>
          {t("schedules.addStandard", { interval: t(`schedules.kinds.${n}`) })}
        </button>
      ))}
      {canAddInterval(doc) ? (
        <button type="button" className="secondary" id="add-interval" onClick={addInterval}>{t("schedules.addInterval")}</button>
      ) : null}
    </div>
  );
}
