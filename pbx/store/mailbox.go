package store

import "strings"

// Mailbox is a voicemail box: where callers leave messages and where its
// owner listens to them by phone with the PIN.
type Mailbox struct {
	ID               int64  `json:"id"`
	Number           string `json:"number"`             // dialled to reach the box, 1 to 16 digits
	ExtensionID      *int64 `json:"extension_id"`       // the owner, if any
	GreetingPromptID *int64 `json:"greeting_prompt_id"` // nil: a spoken default greeting
	PIN              string `json:"pin"`                // 4 to 12 digits; empty: no listening by phone
	Email            string `json:"email"`              // where new messages are sent; empty: none
}

// Validate checks the fields a user enters.
func (m *Mailbox) Validate() error {
	err := firstError(
		checkDigits("mailboxes", "number", m.Number, 1, 16),
		checkText("mailboxes", "email", m.Email, 0, 254),
	)
	if err == nil && m.PIN != "" {
		err = checkDigits("mailboxes", "pin", m.PIN, 4, 12)
	}
	if err == nil && m.Email != "" && !strings.Contains(m.Email, "@") {
		err = Invalid("mailboxes", "email", "must be an e-mail address such as name@example.com")
	}
	return err
}
