// The voicemail page's texts in every language, side by side. Each
// language file spreads its own part in.
import type { Messages } from "./messages";

const en = {
  voicemail: {
    title: "Voicemail",
    noBoxes: "No mailboxes yet: turn voicemail on for an extension, or create a mailbox.",
    mailbox: "Mailbox",
    boxOption: "{{number}} · {{owner}} · new {{fresh}}, heard {{heard}}",
    noOwner: "no owner",
    messages: "Messages",
    empty: "No messages in this mailbox.",
    caller: "Caller",
    unknown: "unknown",
    received: "Received",
    duration: "Length",
    state: "State",
    new: "new",
    heard: "heard",
    listen: "Listen",
    listenTo: "Message from {{caller}}",
    actions: "Actions",
    markHeard: "Mark heard",
    delete: "Delete",
  },
};

const ru: Messages = {
  voicemail: {
    title: "Голосовая почта",
    noBoxes: "Почтовых ящиков пока нет: включите голосовую почту у внутреннего номера или создайте ящик.",
    mailbox: "Почтовый ящик",
    boxOption: "{{number}} · {{owner}} · новых {{fresh}}, прослушанных {{heard}}",
    noOwner: "без владельца",
    messages: "Сообщения",
    empty: "В этом ящике нет сообщений.",
    caller: "Звонивший",
    unknown: "неизвестен",
    received: "Получено",
    duration: "Длительность",
    state: "Состояние",
    new: "новое",
    heard: "прослушано",
    listen: "Прослушать",
    listenTo: "Сообщение от {{caller}}",
    actions: "Действия",
    markHeard: "Отметить прослушанным",
    delete: "Удалить",
  },
};

const uk: Messages = {
  voicemail: {
    title: "Голосова пошта",
    noBoxes: "Поштових скриньок поки немає: увімкніть голосову пошту для внутрішнього номера або створіть скриньку.",
    mailbox: "Поштова скринька",
    boxOption: "{{number}} · {{owner}} · нових {{fresh}}, прослуханих {{heard}}",
    noOwner: "без власника",
    messages: "Повідомлення",
    empty: "У цій скриньці немає повідомлень.",
    caller: "Абонент",
    unknown: "невідомий",
    received: "Отримано",
    duration: "Тривалість",
    state: "Стан",
    new: "нове",
    heard: "прослухане",
    listen: "Прослухати",
    listenTo: "Повідомлення від {{caller}}",
    actions: "Дії",
    markHeard: "Позначити прослуханим",
    delete: "Видалити",
  },
};

const pl: Messages = {
  voicemail: {
    title: "Poczta głosowa",
    noBoxes: "Nie ma jeszcze skrzynek: włącz pocztę głosową numerowi wewnętrznemu albo utwórz skrzynkę.",
    mailbox: "Skrzynka",
    boxOption: "{{number}} · {{owner}} · nowe: {{fresh}}, odsłuchane: {{heard}}",
    noOwner: "bez właściciela",
    messages: "Wiadomości",
    empty: "W tej skrzynce nie ma wiadomości.",
    caller: "Dzwoniący",
    unknown: "nieznany",
    received: "Odebrano",
    duration: "Długość",
    state: "Stan",
    new: "nowa",
    heard: "odsłuchana",
    listen: "Odsłuchaj",
    listenTo: "Wiadomość od {{caller}}",
    actions: "Działania",
    markHeard: "Oznacz jako odsłuchaną",
    delete: "Usuń",
  },
};

export const voicemailTexts = { en, ru, uk, pl };
