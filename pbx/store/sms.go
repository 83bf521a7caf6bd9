package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Directions of an SMSMessage.
const (
	SMSIn  = "in"  // received from the network
	SMSOut = "out" // sent, or to be sent, by the box
)

// Statuses of an SMSMessage. A received message is SMSReceived; an outgoing
// one goes SMSQueued -> SMSSending -> SMSSent -> SMSDelivered, or back to
// SMSQueued for a retry, or to SMSFailed.
const (
	SMSReceived  = "received"
	SMSQueued    = "queued"    // waits in the outbox until NextAt
	SMSSending   = "sending"   // handed to a modem right now
	SMSSent      = "sent"      // the modem accepted every part (Refs holds their TP-MR)
	SMSDelivered = "delivered" // the network reported every part delivered
	SMSFailed    = "failed"    // given up; LastError says why
)

// SMSMessage is one text message in the inbox or the outbox. It is runtime
// data, not configuration: it is in backups but not in the config export.
type SMSMessage struct {
	ID        int64  `json:"id"`
	Direction string `json:"direction"` // SMSIn or SMSOut
	// Module is the GSM module's name, as call records name channels; an
	// outgoing message queued for any module has "" until one takes it.
	Module    string    `json:"module"`
	Peer      string    `json:"peer"` // the sender (in) or the recipient (out)
	Text      string    `json:"text"`
	Parts     int       `json:"parts"` // SMS parts the text takes
	Status    string    `json:"status"`
	Attempts  int       `json:"attempts"` // hand-overs to a modem so far (out)
	LastError string    `json:"last_error"`
	CreatedAt time.Time `json:"created_at"`
	// NextAt is when a queued message may be tried (again); zero: at once.
	NextAt      time.Time `json:"next_at"`
	SentAt      time.Time `json:"sent_at"`
	DeliveredAt time.Time `json:"delivered_at"`
	// Refs is the JSON array of the TP-MR the modem gave each part
	// (3GPP TS 23.040 9.2.3.6); DeliveredRefs those that the network
	// reported delivered.
	Refs          json.RawMessage `json:"refs"`
	DeliveredRefs json.RawMessage `json:"delivered_refs"`
	// DedupKey identifies a received message, so that one offered twice is
	// stored once; nil for outgoing messages.
	DedupKey *string `json:"dedup_key"`
}

// Validate checks the direction, status and peer, and fills empty JSON
// arrays.
func (m *SMSMessage) Validate() error {
	const table = "sms_messages"
	if len(m.Refs) == 0 {
		m.Refs = json.RawMessage("[]")
	}
	if len(m.DeliveredRefs) == 0 {
		m.DeliveredRefs = json.RawMessage("[]")
	}
	statuses := []string{SMSQueued, SMSSending, SMSSent, SMSDelivered, SMSFailed}
	if m.Direction == SMSIn {
		statuses = []string{SMSReceived}
	}
	minText := 1
	if m.Direction == SMSIn {
		minText = 0 // the network delivers empty messages too
	}
	err := firstError(
		checkOneOf(table, "direction", m.Direction, SMSIn, SMSOut),
		checkOneOf(table, "status", m.Status, statuses...),
		checkText(table, "module", m.Module, 0, 40),
		checkText(table, "text", m.Text, minText, 255*160),
		checkRange(table, "parts", m.Parts, 0, 255),
	)
	if err != nil {
		return err
	}
	if m.Direction == SMSIn {
		// A sender may be alphanumeric ("Bank") or withheld, so only its
		// length is checked.
		return checkText(table, "peer", m.Peer, 0, 40)
	}
	if m.Module == "" && m.Status != SMSQueued {
		return Invalid(table, "module", "a message that left the outbox names the module it went through")
	}
	return checkNumber(table, "peer", m.Peer, false)
}

// MRs returns the message references of the parts sent.
func (m *SMSMessage) MRs() []int { return intsOf(m.Refs) }

func intsOf(raw json.RawMessage) []int {
	var v []int
	_ = json.Unmarshal(raw, &v) // the column is checked JSON; anything else reads as none
	return v
}

// SMSMessages is the repository of the SMS inbox and outbox, runtime data.
func (s *Store) SMSMessages() *Table[SMSMessage] {
	return newTable[SMSMessage](s, "sms_messages", false)
}

// ReceiveSMS stores the received message m, unless a message with the same
// DedupKey is stored already, and in the same transaction a pending forward
// of it to each target (SMSForwardEmail, SMSForwardWebhook). It returns the
// stored message's ID and whether it was new. It is safe for concurrent use.
func (s *Store) ReceiveSMS(ctx context.Context, m *SMSMessage, targets []string) (id int64, created bool, err error) {
	if m.Direction != SMSIn || m.DedupKey == nil {
		return 0, false, Invalid("sms_messages", "dedup_key", "a received message needs a dedup key")
	}
	msgs := s.SMSMessages()
	fwds := s.SMSForwards()
	err = s.write(ctx, false, func(tx *sql.Tx) error {
		qerr := tx.QueryRowContext(ctx, "SELECT id FROM sms_messages WHERE dedup_key = ?", *m.DedupKey).Scan(&id)
		if qerr == nil {
			return nil
		}
		if !errors.Is(qerr, sql.ErrNoRows) {
			return fmt.Errorf("store: read sms_messages: %w", qerr)
		}
		if err := msgs.insert(ctx, tx, m); err != nil {
			return err
		}
		id, created = m.ID, true
		for _, t := range targets {
			f := SMSForward{MessageID: m.ID, Target: t, Status: ForwardPending}
			if err := fwds.insert(ctx, tx, &f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, false, err
	}
	return id, created, nil
}

// RequeueSendingSMS puts every outgoing message left SMSSending (by a
// process that stopped while a modem had it) back to SMSQueued and returns
// how many there were. Call it once at start, before sending.
func (s *Store) RequeueSendingSMS(ctx context.Context) (int, error) {
	var n int64
	err := s.write(ctx, false, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE sms_messages SET status = ? WHERE direction = ? AND status = ?",
			SMSQueued, SMSOut, SMSSending)
		if err != nil {
			return fmt.Errorf("store: requeue sms_messages: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// ClaimSMS takes the oldest outgoing message that is due at now and queued
// for module (or for any module, which then becomes module), marks it
// SMSSending and counts the attempt. ok is false when none is due. It is
// safe for concurrent use: a message is claimed once.
func (s *Store) ClaimSMS(ctx context.Context, module string, now time.Time) (m SMSMessage, ok bool, err error) {
	msgs := s.SMSMessages()
	err = s.write(ctx, false, func(tx *sql.Tx) error {
		rows, err := msgs.query(ctx, tx, "WHERE direction = ? AND status = ? AND module IN (?, '') AND next_at <= ? ORDER BY id LIMIT 1",
			SMSOut, SMSQueued, module, now.UnixMilli())
		if err != nil || len(rows) == 0 {
			return err
		}
		m, ok = rows[0], true
		m.Module, m.Status = module, SMSSending
		m.Attempts++
		return msgs.update(ctx, tx, &m)
	})
	return m, ok, err
}

// NextSMSDue returns when the earliest queued outgoing message for module
// (or for any module) is due; ok is false when the outbox holds none.
func (s *Store) NextSMSDue(ctx context.Context, module string) (at time.Time, ok bool, err error) {
	var ms sql.NullInt64
	err = s.r.QueryRowContext(ctx, "SELECT MIN(next_at) FROM sms_messages WHERE direction = ? AND status = ? AND module IN (?, '')",
		SMSOut, SMSQueued, module).Scan(&ms)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: read sms_messages: %w", err)
	}
	switch {
	case !ms.Valid:
		return time.Time{}, false, nil
	case ms.Int64 == 0:
		return time.Time{}, true, nil // due at once
	}
	return time.UnixMilli(ms.Int64).UTC(), true, nil
}

// DeliveryReport records a status report for the part with message
// reference mr of a message sent through module: the newest sent message
// whose parts include mr. When delivered, the part counts as delivered and
// the message becomes SMSDelivered once every part is; otherwise the
// message fails with problem as its error. found is false when no sent
// message has mr (the report came before the message was marked sent, or
// long after). It is safe for concurrent use.
func (s *Store) DeliveryReport(ctx context.Context, module string, mr int, delivered bool, problem string, at time.Time) (id int64, found bool, err error) {
	msgs := s.SMSMessages()
	err = s.write(ctx, false, func(tx *sql.Tx) error {
		rows, err := msgs.query(ctx, tx, `WHERE direction = ? AND module = ? AND status IN (?, ?)
			AND EXISTS (SELECT 1 FROM json_each(refs) WHERE value = ?) ORDER BY sent_at DESC, id DESC LIMIT 1`,
			SMSOut, module, SMSSent, SMSDelivered, mr)
		if err != nil || len(rows) == 0 {
			return err
		}
		m := rows[0]
		id, found = m.ID, true
		if !delivered {
			m.Status, m.LastError = SMSFailed, problem
			return msgs.update(ctx, tx, &m)
		}
		done := intsOf(m.DeliveredRefs)
		if !slices.Contains(done, mr) {
			done = append(done, mr)
		}
		m.DeliveredRefs, _ = json.Marshal(done)
		complete := true
		for _, r := range m.MRs() {
			complete = complete && slices.Contains(done, r)
		}
		if complete && m.Status == SMSSent {
			m.Status, m.DeliveredAt = SMSDelivered, at
		}
		return msgs.update(ctx, tx, &m)
	})
	return id, found, err
}

// SMSQuery selects messages for a page of the inbox or outbox.
type SMSQuery struct {
	Direction string // SMSIn or SMSOut; "" for both
	Module    string // "" for every module
	// BeforeID continues a listing: only messages with a smaller ID; 0
	// starts with the newest.
	BeforeID int64
	Limit    int // at most this many; 0 means 50, at most 500
}

// ListSMS returns a page of messages, newest first. The next page is the
// same query with BeforeID set to the last message's ID. It is safe for
// concurrent use.
func (s *Store) ListSMS(ctx context.Context, q SMSQuery) ([]SMSMessage, error) {
	var where []string
	var args []any
	if q.Direction != "" {
		where, args = append(where, "direction = ?"), append(args, q.Direction)
	}
	if q.Module != "" {
		where, args = append(where, "module = ?"), append(args, q.Module)
	}
	if q.BeforeID > 0 {
		where, args = append(where, "id < ?"), append(args, q.BeforeID)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	clause := "ORDER BY id DESC LIMIT ?"
	if len(where) > 0 {
		clause = "WHERE " + strings.Join(where, " AND ") + " " + clause
	}
	return s.SMSMessages().query(ctx, s.r, clause, append(args, limit)...)
}

// GSMUsage returns what went out through the GSM channel since since:
// the seconds of answered calls that the call records show on channel (as
// their source or destination, e.g. "gsm/1"), and the number of SMS sent
// through the module of that name (SMSMessage.Module), whatever their
// delivery; the caller names its legs' channel and its module alike. It is
// safe for concurrent use.
func (s *Store) GSMUsage(ctx context.Context, channel string, since time.Time) (callSeconds int64, smsSent int, err error) {
	from := since.UnixMilli()
	err = s.r.QueryRowContext(ctx, `SELECT COALESCE(SUM(ended_at - answered_at), 0) / 1000 FROM call_records
		WHERE answered_at > 0 AND answered_at >= ? AND ended_at > answered_at AND (source = ? OR destination = ?)`,
		from, channel, channel).Scan(&callSeconds)
	if err != nil {
		return 0, 0, fmt.Errorf("store: GSM usage of %s: %w", channel, err)
	}
	err = s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM sms_messages
		WHERE direction = ? AND module = ? AND sent_at > 0 AND sent_at >= ?`,
		SMSOut, channel, from).Scan(&smsSent)
	if err != nil {
		return 0, 0, fmt.Errorf("store: GSM usage of %s: %w", channel, err)
	}
	return callSeconds, smsSent, nil
}

// Targets of an SMSForward.
const (
	SMSForwardEmail   = "email"   // to the addresses of the setting sms_forward_email
	SMSForwardWebhook = "webhook" // to the URL of the setting sms_webhook
)

// Statuses of an SMSForward.
const (
	ForwardPending = "pending" // to be tried at NextAt
	ForwardDone    = "done"    // the target took it
	ForwardFailed  = "failed"  // given up; LastError says why
)

// SMSForward is the forwarding of one received message to one target. A
// message has at most one per target, so it is delivered there at most once
// (but see pbx/sms for the window between delivery and its record).
type SMSForward struct {
	ID        int64     `json:"id"`
	MessageID int64     `json:"message_id"`
	Target    string    `json:"target"`
	Status    string    `json:"status"`
	Attempts  int       `json:"attempts"`
	NextAt    time.Time `json:"next_at"` // zero: at once
	LastError string    `json:"last_error"`
}

// Validate checks the target and status.
func (f *SMSForward) Validate() error {
	return firstError(
		checkOneOf("sms_forwards", "target", f.Target, SMSForwardEmail, SMSForwardWebhook),
		checkOneOf("sms_forwards", "status", f.Status, ForwardPending, ForwardDone, ForwardFailed),
	)
}

// SMSForwards is the repository of forwards of received SMS, runtime data.
func (s *Store) SMSForwards() *Table[SMSForward] {
	return newTable[SMSForward](s, "sms_forwards", false)
}

// DueSMSForwards returns up to limit pending forwards due at now, oldest
// first. It is safe for concurrent use.
func (s *Store) DueSMSForwards(ctx context.Context, now time.Time, limit int) ([]SMSForward, error) {
	return s.SMSForwards().query(ctx, s.r, "WHERE status = ? AND next_at <= ? ORDER BY next_at, id LIMIT ?",
		ForwardPending, now.UnixMilli(), limit)
}

// NextSMSForwardDue returns when the earliest pending forward is due; ok is
// false when none is pending.
func (s *Store) NextSMSForwardDue(ctx context.Context) (at time.Time, ok bool, err error) {
	rows, err := s.SMSForwards().query(ctx, s.r, "WHERE status = ? ORDER BY next_at LIMIT 1", ForwardPending)
	if err != nil || len(rows) == 0 {
		return time.Time{}, false, err
	}
	return rows[0].NextAt, true, nil
}
