// WeekGrid is the schedule's week as days side by side and half-hours
// down: a drag with the mouse, a finger or a pen paints the rectangle it
// spans with the chosen interval (pointer events, so touch works; the grid
// takes the touch instead of scrolling the page). The table of ranges
// below it is the keyboard's way to the same times.
import { useMemo, useState, type PointerEvent } from "react";
import { useTranslation } from "react-i18next";

import { inRect, paint, slotMinutes, slotsPerDay, weekdays, type Cell, type Grid } from "./grid";
import { hourLabel, timeLabel } from "./hours";

interface WeekGridProps {
  grid: Grid;
  // brush is the interval index a drag paints; -1 clears to the default.
  brush: number;
  // names are the intervals' names by index, for the cells' titles.
  names: string[];
  defaultName: string;
  onPaint: (grid: Grid) => void;
}

// cellAt returns the grid cell under a point of the screen, or null.
function cellAt(x: number, y: number): Cell | null {
  const el = document.elementFromPoint(x, y)?.closest<HTMLElement>("[data-slot]");
  if (!el) return null;
  return { day: Number(el.dataset.day), slot: Number(el.dataset.slot) };
}

// dayNames returns the short names of Monday to Sunday in lang.
export function dayNames(lang: string, width: "short" | "long" = "short"): string[] {
  const f = new Intl.DateTimeFormat(lang, { weekday: width, timeZone: "UTC" });
  // 2024-01-01 was a Monday.
  return weekdays.map((_, i) => f.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

export function WeekGrid({ grid, brush, names, defaultName, onPaint }: WeekGridProps) {
  const { t, i18n } = useTranslation();
  const [drag, setDrag] = useState<{ from: Cell; to: Cell; pointer: number } | null>(null);
  const days = dayNames(i18n.language);
  // times[i] is the start of slot i in the language's clock (times[slotsPerDay]
  // the day's end); hours[i] the side label of the slot starting an hour.
  const { times, hours } = useMemo(() => {
    const at = Array.from({ length: slotsPerDay + 1 }, (_, i) => i * slotMinutes);
    return { times: at.map((m) => timeLabel(m, i18n.language)), hours: at.map((m) => (m % 60 === 0 ? hourLabel(m, i18n.language) : "")) };
  }, [i18n.language]);

  const down = (ev: PointerEvent<HTMLDivElement>) => {
    if (ev.button !== 0 && ev.pointerType === "mouse") return;
    const c = cellAt(ev.clientX, ev.clientY);
    if (!c) return;
    ev.preventDefault();
    ev.currentTarget.setPointerCapture(ev.pointerId);
    setDrag({ from: c, to: c, pointer: ev.pointerId });
  };
  const move = (ev: PointerEvent<HTMLDivElement>) => {
    if (!drag || ev.pointerId !== drag.pointer) return;
    const c = cellAt(ev.clientX, ev.clientY);
    if (c && (c.day !== drag.to.day || c.slot !== drag.to.slot)) setDrag({ ...drag, to: c });
  };
  const up = (ev: PointerEvent<HTMLDivElement>) => {
    if (!drag || ev.pointerId !== drag.pointer) return;
    const c = cellAt(ev.clientX, ev.clientY) ?? drag.to;
    setDrag(null);
    onPaint(paint(grid, drag.from, c, brush));
  };

  const label = (index: number) => (index < 0 ? defaultName : names[index]);
  return (
    <div className="week-grid-wrap">
      <div
        className="week-grid"
        id="week-grid"
        role="img"
        aria-label={t("schedules.gridLabel")}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={() => setDrag(null)}
      >
        <span className="wg-corner" />
        {days.map((d) => (
          <span key={d} className="wg-day">
            {d}
          </span>
        ))}
        {Array.from({ length: slotsPerDay }, (_, slot) => (
          <Row key={slot} slot={slot} grid={grid} drag={drag} brush={brush} label={label} times={times} hours={hours} />
        ))}
      </div>
    </div>
  );
}

interface RowProps {
  slot: number;
  grid: Grid;
  drag: { from: Cell; to: Cell } | null;
  brush: number;
  label: (index: number) => string;
  times: string[]; // the slots' starts in the page's clock
  hours: string[]; // the side labels, "" between hours
}

function Row({ slot, grid, drag, brush, label, times, hours }: RowProps) {
  const from = times[slot];
  const to = times[slot + 1];
  const onHour = (slot * slotMinutes) % 60 === 0;
  return (
    <>
      <span className={onHour ? "wg-time hour" : "wg-time"} data-hour={onHour ? (slot * slotMinutes) / 60 : undefined}>{hours[slot]}</span>
      {weekdays.map((day, d) => {
        const painting = drag !== null && inRect({ day: d, slot }, drag.from, drag.to);
        const index = painting ? brush : grid[d][slot];
        return (
          <span
            key={day}
            className={`wg-cell iv-${index < 0 ? "default" : index}${painting ? " painting" : ""}${onHour ? " hour" : ""}`}
            data-day={d}
            data-slot={slot}
            data-interval={index}
            title={`${day} ${from}–${to}: ${label(index)}`}
          />
        );
      })}
    </>
  );
}
