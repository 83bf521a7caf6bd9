// The texts of the dashboard's alarms (dashboard/alarms.ts), in every
// language side by side. Each language file spreads its own part in.
import type { Messages } from "./messages";

const en = {
  alarm: {
    trunk: "Trunk {{name}}",
    failed: "did not start",
    lineDown: "no line voltage: check the cable",
    modemDown: "the modem does not answer",
    simAbsent: "no SIM card",
    simLocked: "the SIM is locked: enter its PIN on the GSM page",
    denied: "the network refuses the SIM",
    trunkFailed: "registration failed",
    minutesPerDay: "daily minutes limit reached ({{limit}})",
    minutesPerMonth: "monthly minutes limit reached ({{limit}})",
    smsPerDay: "daily SMS limit reached ({{limit}})",
  },
};

const ru: Messages = {
  alarm: {
    trunk: "Транк {{name}}",
    failed: "не запустился",
    lineDown: "нет напряжения на линии: проверьте кабель",
    modemDown: "модем не отвечает",
    simAbsent: "нет SIM-карты",
    simLocked: "SIM-карта заблокирована: введите PIN на странице GSM",
    denied: "сеть отклоняет SIM-карту",
    trunkFailed: "регистрация не удалась",
    minutesPerDay: "достигнут дневной лимит минут ({{limit}})",
    minutesPerMonth: "достигнут месячный лимит минут ({{limit}})",
    smsPerDay: "достигнут дневной лимит SMS ({{limit}})",
  },
};

const uk: Messages = {
  alarm: {
    trunk: "Транк {{name}}",
    failed: "не запустився",
    lineDown: "немає напруги на лінії: перевірте кабель",
    modemDown: "модем не відповідає",
    simAbsent: "немає SIM-картки",
    simLocked: "SIM-картку заблоковано: введіть PIN на сторінці GSM",
    denied: "мережа відхиляє SIM-картку",
    trunkFailed: "реєстрація не вдалася",
    minutesPerDay: "досягнуто денного ліміту хвилин ({{limit}})",
    minutesPerMonth: "досягнуто місячного ліміту хвилин ({{limit}})",
    smsPerDay: "досягнуто денного ліміту SMS ({{limit}})",
  },
};

const pl: Messages = {
  alarm: {
    trunk: "Trunk {{name}}",
    failed: "nie uruchomił się",
    lineDown: "brak napięcia na linii: sprawdź kabel",
    modemDown: "modem nie odpowiada",
    simAbsent: "brak karty SIM",
    simLocked: "karta SIM jest zablokowana: wpisz PIN na stronie GSM",
    denied: "sieć odrzuca kartę SIM",
    trunkFailed: "rejestracja nie powiodła się",
    minutesPerDay: "osiągnięto dzienny limit minut ({{limit}})",
    minutesPerMonth: "osiągnięto miesięczny limit minut ({{limit}})",
    smsPerDay: "osiągnięto dzienny limit SMS ({{limit}})",
  },
};

export const alarmsTexts = { en, ru, uk, pl };
