// The week grid's times in the page's language: the hour labels down its
// side and the times in a cell's title follow the language's clock, 12
// hours with AM and PM in English, 24 hours in Russian, Ukrainian and
// Polish, as Intl knows them.

// at is a moment of a day, minutes after midnight, on a fixed UTC date:
// only its time of day is shown.
const at = (minutes: number) => new Date(Date.UTC(2024, 0, 1, Math.floor(minutes / 60) % 24, minutes % 60));

// uses12Hour reports whether lang's clock runs 12 hours with a day period.
export function uses12Hour(lang: string): boolean {
  const cycle = new Intl.DateTimeFormat(lang, { hour: "numeric", timeZone: "UTC" }).resolvedOptions().hourCycle;
  return cycle === "h11" || cycle === "h12";
}

// hourLabel is the side label of the hour starting minutes after
// midnight: "9 AM" on a 12-hour clock, "09:00" on a 24-hour one.
export function hourLabel(minutes: number, lang: string): string {
  const opts: Intl.DateTimeFormatOptions = uses12Hour(lang)
    ? { hour: "numeric", timeZone: "UTC" }
    : { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" };
  return new Intl.DateTimeFormat(lang, opts).format(at(minutes));
}

// timeLabel is a time of day, minutes after midnight, with its minutes:
// "9:30 AM" or "09:30"; the end of the day (1440) reads as midnight.
export function timeLabel(minutes: number, lang: string): string {
  const opts: Intl.DateTimeFormatOptions = uses12Hour(lang)
    ? { hour: "numeric", minute: "2-digit", timeZone: "UTC" }
    : { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" };
  return new Intl.DateTimeFormat(lang, opts).format(at(minutes));
}
