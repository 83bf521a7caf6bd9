// The texts of extensions' SIP devices, in every language side by side.
// Each language file spreads its own part in.
import type { Messages } from "./messages";

const en = {
  devices: {
    column: "SIP devices",
    open: "Devices of {{number}}",
    title: "SIP devices of {{number}}",
    empty: "No SIP devices yet.",
    add: "New SIP device",
    description: "Description",
    username: "User name",
    usernameHint: "Empty: {{number}}, or {{number}}-2 and on for further devices",
    password: "Password",
    passwordHint: "10 to 128 characters; a random one is filled in",
    generate: "New random password",
    submit: "Add device",
    credentials: "Settings of {{username}}",
    once: "Note the password now: the box keeps only a hash and cannot show it again.",
    server: "Server",
    port: "Port",
    realm: "Realm",
    transports: "Transports",
    qr: "QR code with the account and password for a softphone",
    noServer: "The box does not know its own address yet: enter the server by hand.",
    noted: "Done, I have noted it",
  },
};

const ru: Messages = {
  devices: {
    column: "SIP-устройства",
    open: "Устройства {{number}}",
    title: "SIP-устройства номера {{number}}",
    empty: "SIP-устройств пока нет.",
    add: "Новое SIP-устройство",
    description: "Описание",
    username: "Имя пользователя",
    usernameHint: "Пусто: {{number}}, или {{number}}-2 и далее для следующих устройств",
    password: "Пароль",
    passwordHint: "От 10 до 128 символов; подставлен случайный",
    generate: "Новый случайный пароль",
    submit: "Добавить устройство",
    credentials: "Настройки {{username}}",
    once: "Запишите пароль сейчас: станция хранит только хэш и не сможет показать его снова.",
    server: "Сервер",
    port: "Порт",
    realm: "Realm",
    transports: "Транспорт",
    qr: "QR-код с учётной записью и паролем для софтфона",
    noServer: "Станция ещё не знает свой адрес: введите сервер вручную.",
    noted: "Готово, я записал",
  },
};

const uk: Messages = {
  devices: {
    column: "SIP-пристрої",
    open: "Пристрої {{number}}",
    title: "SIP-пристрої номера {{number}}",
    empty: "SIP-пристроїв поки немає.",
    add: "Новий SIP-пристрій",
    description: "Опис",
    username: "Ім'я користувача",
    usernameHint: "Порожньо: {{number}}, або {{number}}-2 і далі для наступних пристроїв",
    password: "Пароль",
    passwordHint: "Від 10 до 128 символів; підставлено випадковий",
    generate: "Новий випадковий пароль",
    submit: "Додати пристрій",
    credentials: "Налаштування {{username}}",
    once: "Запишіть пароль зараз: станція зберігає лише хеш і не зможе показати його знову.",
    server: "Сервер",
    port: "Порт",
    realm: "Realm",
    transports: "Транспорт",
    qr: "QR-код з обліковим записом і паролем для софтфона",
    noServer: "Станція ще не знає своєї адреси: введіть сервер вручну.",
    noted: "Готово, я записав",
  },
};

const pl: Messages = {
  devices: {
    column: "Urządzenia SIP",
    open: "Urządzenia {{number}}",
    title: "Urządzenia SIP numeru {{number}}",
    empty: "Nie ma jeszcze urządzeń SIP.",
    add: "Nowe urządzenie SIP",
    description: "Opis",
    username: "Nazwa użytkownika",
    usernameHint: "Puste: {{number}}, albo {{number}}-2 i dalej dla kolejnych urządzeń",
    password: "Hasło",
    passwordHint: "Od 10 do 128 znaków; wpisano losowe",
    generate: "Nowe losowe hasło",
    submit: "Dodaj urządzenie",
    credentials: "Ustawienia {{username}}",
    once: "Zapisz hasło teraz: centrala przechowuje tylko skrót i nie pokaże go ponownie.",
    server: "Serwer",
    port: "Port",
    realm: "Realm",
    transports: "Transport",
    qr: "Kod QR z kontem i hasłem dla softphone'u",
    noServer: "Centrala nie zna jeszcze swojego adresu: wpisz serwer ręcznie.",
    noted: "Gotowe, zapisałem",
  },
};

export const devicesTexts = { en, ru, uk, pl };
