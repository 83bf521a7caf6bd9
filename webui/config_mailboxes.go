package webui

import (
	"net/http"

	"github.com/hookflash/firmware/pbx/store"
)

// mailboxView is what the API shows of a voicemail box: everything but the
// PIN, of which it says only whether one is set.
type mailboxView struct {
	ID               int64  `json:"id"`
	Number           string `json:"number"`
	ExtensionID      *int64 `json:"extension_id"`
	GreetingPromptID *int64 `json:"greeting_prompt_id"`
	PINSet           bool   `json:"pin_set"`
	Email            string `json:"email"`
}

// mailboxInput is the body of POST and PUT /api/mailboxes: a mailbox's
// fields, with a PIN that is written but never read back. On update an
// empty or missing PIN keeps the stored one; clear_pin removes it, which
// stops listening to the box by phone.
type mailboxInput struct {
	store.Mailbox
	ClearPIN bool `json:"clear_pin"`
}

// mailboxResource serves /api/mailboxes.
func (s *Server) mailboxResource() *resource[store.Mailbox] {
	return &resource[store.Mailbox]{
		s: s, table: s.st.Mailboxes(), noun: "mailbox", path: "/api/mailboxes",
		id:    func(m *store.Mailbox) *int64 { return &m.ID },
		fresh: func() store.Mailbox { return store.Mailbox{} },
		read: func(w http.ResponseWriter, r *http.Request, v, old *store.Mailbox) bool {
			in := mailboxInput{Mailbox: *v}
			in.PIN = ""
			if !readJSON(w, r, &in) {
				return false
			}
			switch {
			case in.ClearPIN && in.PIN != "":
				writeError(w, http.StatusBadRequest, "clear_pin and a new pin contradict each other: send one of them", "clear_pin")
				return false
			case in.PIN == "" && !in.ClearPIN && old != nil:
				in.PIN = old.PIN
			}
			*v = in.Mailbox
			return true
		},
		view: func(m store.Mailbox) any {
			return mailboxView{ID: m.ID, Number: m.Number, ExtensionID: m.ExtensionID,
				GreetingPromptID: m.GreetingPromptID, PINSet: m.PIN != "", Email: m.Email}
		},
	}
}
