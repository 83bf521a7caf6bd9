// Numbers, sizes, durations and times in the chosen language, through Intl.

// formatNumber formats n in lang.
export function formatNumber(n: number, lang: string): string {
  return new Intl.NumberFormat(lang).format(n);
}

// formatMB formats a size in bytes as megabytes (10^6 bytes) with one
// decimal, in lang.
export function formatMB(bytes: number, lang: string): string {
  return new Intl.NumberFormat(lang, {
    style: "unit",
    unit: "megabyte",
    unitDisplay: "short",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(bytes / 1e6);
}

const durationUnits = [
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
] as const;

// formatDuration formats seconds as days, hours, minutes and seconds in
// lang, leaving out leading zero units: 3725 s in English is "1h 2m 5s".
export function formatDuration(seconds: number, lang: string): string {
  let rest = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [unit, size] of durationUnits) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n === 0 && parts.length === 0 && unit !== "second") continue;
    parts.push(new Intl.NumberFormat(lang, { style: "unit", unit, unitDisplay: "narrow" }).format(n));
  }
  return parts.join(" ");
}

// formatTime formats a moment as a date and time of day in lang.
export function formatTime(at: Date, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "medium" }).format(at);
}

// formatClock formats a call's duration in seconds as a clock in lang:
// m:ss under an hour, h:mm:ss from an hour on; 3725 s is "1:02:05".
export function formatClock(seconds: number, lang: string): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = new Intl.NumberFormat(lang, { minimumIntegerDigits: 2, useGrouping: false });
  const one = new Intl.NumberFormat(lang, { useGrouping: false });
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${one.format(h)}:${two.format(m)}:${two.format(sec)}` : `${one.format(m)}:${two.format(sec)}`;
}

// formatDateTime formats an API timestamp (RFC 3339) as a short date and
// time in lang; "" for none.
export function formatDateTime(at: string | undefined, lang: string): string {
  if (!at) return "";
  const d = new Date(at);
  if (Number.isNaN(d.getTime()) || d.getFullYear() <= 1) return "";
  return new Intl.DateTimeFormat(lang, { dateStyle: "short", timeStyle: "short" }).format(d);
}

// formatPercent formats a share from 0 to 100 as a percentage in lang:
// 42 is "42%" in English and "42 %" in Russian.
export function formatPercent(n: number, lang: string): string {
  return new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(n / 100);
}
