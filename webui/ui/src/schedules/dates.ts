// Calendar dates ("YYYY-MM-DD", no time of day) in the chosen language.

// formatDate formats a date such as "2026-03-09" in lang, with its
// weekday; a text that is no date comes back as it is.
export function formatDate(date: string, lang: string): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(date);
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(lang, { weekday: "short", day: "numeric", month: "long", timeZone: "UTC" }).format(d);
}
