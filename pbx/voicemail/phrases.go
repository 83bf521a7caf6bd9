package voicemail

import (
	"strconv"
	"strings"
)

// Phrases are the texts a Service speaks through speech synthesis. In a
// text, {mailbox}, {new}, {saved} and {n} stand for the mailbox number, the
// counts of new and saved messages and a message's number.
type Phrases struct {
	Greeting     string // before the beep, when the mailbox has no greeting prompt
	Recorded     string // after a message was recorded, when the caller stayed on
	EnterMailbox string
	EnterPIN     string
	WrongPIN     string
	Counts       string // "You have {new} new and {saved} saved messages."
	NewMessage   string // before a new message: "New message {n}."
	SavedMessage string // before a saved one
	Menu         string
	Deleted      string
	Saved        string
	NoMore       string
	Goodbye      string
}

// English and Russian are ready-made Phrases.
var (
	English = Phrases{
		Greeting:     "The person at extension {mailbox} is not available. Please leave a message after the tone, and press hash when you are done.",
		Recorded:     "Your message has been recorded. Goodbye.",
		EnterMailbox: "Please enter your mailbox number, followed by hash.",
		EnterPIN:     "Please enter your PIN, followed by hash.",
		WrongPIN:     "That PIN is not correct.",
		Counts:       "You have {new} new and {saved} saved messages.",
		NewMessage:   "New message {n}.",
		SavedMessage: "Saved message {n}.",
		Menu:         "Press 1 for the next message, 7 to delete this message, 9 to save it, or hash to exit.",
		Deleted:      "Message deleted.",
		Saved:        "Message saved.",
		NoMore:       "There are no more messages.",
		Goodbye:      "Goodbye.",
	}
	Russian = Phrases{
		Greeting:     "Абонент {mailbox} не может ответить. Оставьте сообщение после сигнала и нажмите решётку.",
		Recorded:     "Ваше сообщение записано. До свидания.",
		EnterMailbox: "Введите номер почтового ящика и нажмите решётку.",
		EnterPIN:     "Введите пин-код и нажмите решётку.",
		WrongPIN:     "Неверный пин-код.",
		Counts:       "Новых сообщений: {new}. Сохранённых: {saved}.",
		NewMessage:   "Новое сообщение {n}.",
		SavedMessage: "Сохранённое сообщение {n}.",
		Menu:         "Нажмите 1 для следующего сообщения, 7 чтобы удалить, 9 чтобы сохранить, решётку для выхода.",
		Deleted:      "Сообщение удалено.",
		Saved:        "Сообщение сохранено.",
		NoMore:       "Больше сообщений нет.",
		Goodbye:      "До свидания.",
	}
)

// fill replaces the placeholders in text.
func fill(text, mailbox string, n, newCount, savedCount int) string {
	return strings.NewReplacer(
		"{mailbox}", mailbox,
		"{n}", strconv.Itoa(n),
		"{new}", strconv.Itoa(newCount),
		"{saved}", strconv.Itoa(savedCount),
	).Replace(text)
}
