package voicemail

import "time"

// Message states.
const (
	StateNew   = "new"   // not yet saved by its owner
	StateSaved = "saved" // kept by its owner (Listen's key 9, or the web UI)
)

// Notification states.
const (
	NotifyNone    = ""        // no e-mail for this message
	NotifyPending = "pending" // to be sent at Notify.Next
	NotifySent    = "sent"
	NotifyFailed  = "failed" // given up; LastError says why
)

// Message is a recorded voicemail message, as its JSON sidecar holds it.
type Message struct {
	ID           string    `json:"id"` // also the file names: <id>.wav, <id>.json
	Mailbox      string    `json:"mailbox"`
	CallerNumber string    `json:"caller_number,omitempty"`
	CallerName   string    `json:"caller_name,omitempty"`
	Called       string    `json:"called,omitempty"`  // the number the caller dialled
	CallID       string    `json:"call_id,omitempty"` // the switch's call ID, as in the call record
	Received     time.Time `json:"received"`
	DurationMS   int       `json:"duration_ms"`
	State        string    `json:"state"` // StateNew or StateSaved
	Notify       Notify    `json:"notify"`
}

// Notify is the e-mail notification of a message.
type Notify struct {
	To        string    `json:"to,omitempty"`
	State     string    `json:"state,omitempty"` // one of the Notify* states
	Attempts  int       `json:"attempts,omitempty"`
	Next      time.Time `json:"next,omitzero"` // when a pending one is due
	Sent      time.Time `json:"sent,omitzero"`
	LastError string    `json:"last_error,omitempty"`
}

// Duration returns the message's length.
func (m Message) Duration() time.Duration { return time.Duration(m.DurationMS) * time.Millisecond }
