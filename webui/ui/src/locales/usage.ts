// The texts of a GSM module's usage against its limits on the dashboard,
// in every language side by side. Each language file spreads its own
// part in.
import type { Messages } from "./messages";

const en = {
  usage: {
    minutesToday: "{{used}} min today",
    minutesTodayOf: "{{used}} of {{limit}} min today",
    minutesMonth: "{{used}} min this month",
    minutesMonthOf: "{{used}} of {{limit}} min this month",
    smsToday: "{{used}} SMS today",
    smsTodayOf: "{{used}} of {{limit}} SMS today",
  },
};

const ru: Messages = {
  usage: {
    minutesToday: "сегодня {{used}} мин",
    minutesTodayOf: "сегодня {{used}} из {{limit}} мин",
    minutesMonth: "за месяц {{used}} мин",
    minutesMonthOf: "за месяц {{used}} из {{limit}} мин",
    smsToday: "сегодня {{used}} SMS",
    smsTodayOf: "сегодня {{used}} из {{limit}} SMS",
  },
};

const uk: Messages = {
  usage: {
    minutesToday: "сьогодні {{used}} хв",
    minutesTodayOf: "сьогодні {{used}} з {{limit}} хв",
    minutesMonth: "за місяць {{used}} хв",
    minutesMonthOf: "за місяць {{used}} з {{limit}} хв",
    smsToday: "сьогодні {{used}} SMS",
    smsTodayOf: "сьогодні {{used}} з {{limit}} SMS",
  },
};

const pl: Messages = {
  usage: {
    minutesToday: "dziś {{used}} min",
    minutesTodayOf: "dziś {{used}} z {{limit}} min",
    minutesMonth: "w tym miesiącu {{used}} min",
    minutesMonthOf: "w tym miesiącu {{used}} z {{limit}} min",
    smsToday: "dziś {{used}} SMS",
    smsTodayOf: "dziś {{used}} z {{limit}} SMS",
  },
};

export const usageTexts = { en, ru, uk, pl };
