package webui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hookflash/firmware/pbx/store"
)

// SMSService is what the web API needs of the SMS service; *sms.Service is
// one. Modules are named by their keys, "gsm/N" with N the module's slot,
// as SMS and USSD records name them. Its methods must be safe for
// concurrent use.
type SMSService interface {
	// QueueSMS stores text to the number to in the outbox of module ("" for
	// whichever module is up first) and returns once it is stored.
	QueueSMS(ctx context.Context, module, to, text string) error
	// USSD sends the USSD request code through module and returns the
	// network's reply; the request and its reply are stored.
	USSD(ctx context.Context, module, code string) (string, error)
}

// SetSMS gives the Server the SMS service, which serves POST /api/sms and
// the USSD requests; until it is set those answer 503. It is safe for
// concurrent use.
func (s *Server) SetSMS(svc SMSService) {
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	s.live.sms = svc
}

func (s *Server) smsService() SMSService {
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	return s.live.sms
}

// moduleKey names the GSM module in slot in SMS and USSD records.
func moduleKey(slot int) string { return "gsm/" + strconv.Itoa(slot) }

// SMS listing bounds.
const (
	defaultSMSPage = 50
	maxSMSPage     = 500
	// maxSMSText is the longest text accepted (characters): 255 parts of
	// 67 UCS-2 characters (3GPP TS 23.038, 23.040 with a concatenation
	// header), so any text this long fits the 255 parts a message may
	// have.
	maxSMSText = 255 * 67
)

// smsView is what the API shows of a message of the inbox or outbox.
type smsView struct {
	ID          int64     `json:"id"`
	Direction   string    `json:"direction"`
	Module      string    `json:"module"`
	Peer        string    `json:"peer"`
	Text        string    `json:"text"`
	Parts       int       `json:"parts"`
	Status      string    `json:"status"`
	Attempts    int       `json:"attempts"`
	LastError   string    `json:"last_error,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	SentAt      time.Time `json:"sent_at,omitzero"`
	DeliveredAt time.Time `json:"delivered_at,omitzero"`
}

// listSMS serves GET /api/sms?direction=in|out&module=gsm/1&before=ID&limit=N:
// messages newest first; the next page is the same query with before set
// to the last message's id.
func (s *Server) listSMS(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var sq store.SMSQuery
	switch d := q.Get("direction"); d {
	case "", store.SMSIn, store.SMSOut:
		sq.Direction = d
	default:
		writeError(w, http.StatusBadRequest, fmt.Sprintf("direction %q is not in or out: use one of them, or leave it out for both", d), "direction")
		return
	}
	if m := q.Get("module"); m != "" {
		if _, ok := slotOfKey(m); !ok {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("module %q is not a module key such as gsm/1", m), "module")
			return
		}
		sq.Module = m
	}
	var ok bool
	if sq.BeforeID, ok = queryInt(w, r, "before", 0, 1, 1<<62); !ok {
		return
	}
	limit, ok := queryInt(w, r, "limit", defaultSMSPage, 1, maxSMSPage)
	if !ok {
		return
	}
	sq.Limit = int(limit)
	msgs, err := s.st.ListSMS(r.Context(), sq)
	if err != nil {
		s.writeStoreError(w, r, "messages", err)
		return
	}
	out := make([]smsView, len(msgs))
	for i, m := range msgs {
		out[i] = smsViewOf(m)
	}
	writeJSON(w, http.StatusOK, out)
}

// smsViewOf is what the API shows of m.
func smsViewOf(m store.SMSMessage) smsView {
	return smsView{ID: m.ID, Direction: m.Direction, Module: m.Module, Peer: m.Peer, Text: m.Text, Parts: m.Parts,
		Status: m.Status, Attempts: m.Attempts, LastError: m.LastError, CreatedAt: m.CreatedAt, SentAt: m.SentAt, DeliveredAt: m.DeliveredAt}
}

// smsInput is the body of POST /api/sms.
type smsInput struct {
	Module string `json:"module"` // "gsm/N", or "" for whichever module is up first
	To     string `json:"to"`
	Text   string `json:"text"`
}

// sendSMS serves POST /api/sms: it queues the message in the outbox and
// answers 202; GET /api/sms?direction=out shows how it goes.
func (s *Server) sendSMS(w http.ResponseWriter, r *http.Request) {
	svc := s.smsService()
	if svc == nil {
		writeError(w, http.StatusServiceUnavailable, "the SMS service is not running: wait until the box has started, or look at the log", "")
		return
	}
	var in smsInput
	if !readJSON(w, r, &in) || !s.checkSMS(w, r, &in) {
		return
	}
	if err := svc.QueueSMS(r.Context(), in.Module, in.To, in.Text); err != nil {
		s.log.Warn("webui: SMS refused", "module", in.Module, "to", in.To, "err", err)
		writeError(w, http.StatusUnprocessableEntity, "the SMS service refused the message ("+err.Error()+"): check the module and the text", "")
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"status": store.SMSQueued})
}

// checkSMS checks a message to send: a module of the box, a phone number
// and a text that fits in an SMS. On refusal it answers 400 on the field.
func (s *Server) checkSMS(w http.ResponseWriter, r *http.Request, in *smsInput) bool {
	mods, err := s.st.GSMModules().List(r.Context())
	if err != nil {
		s.writeStoreError(w, r, "GSM modules", err)
		return false
	}
	if len(mods) == 0 {
		writeError(w, http.StatusBadRequest, "this box has no GSM module to send an SMS through", "module")
		return false
	}
	if in.Module != "" {
		if slot, ok := slotOfKey(in.Module); !ok || !hasSlot(mods, slot) {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("module %q is not a GSM module of this box: use gsm/N from the module list, or leave it out", in.Module), "module")
			return false
		}
	}
	if n := utf8.RuneCountInString(in.Text); n > maxSMSText {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("the text is %d characters long; an SMS takes at most %d: shorten it", n, maxSMSText), "text")
		return false
	}
	m := store.SMSMessage{Direction: store.SMSOut, Status: store.SMSQueued, Peer: in.To, Text: in.Text}
	var fe *store.FieldError
	if err := m.Validate(); errors.As(err, &fe) {
		field := map[string]string{"peer": "to"}[fe.Field]
		if field == "" {
			field = fe.Field
		}
		writeError(w, http.StatusBadRequest, field+": "+fe.Detail, field)
		return false
	}
	return true
}

// slotOfKey returns N of the module key "gsm/N".
func slotOfKey(key string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(key, "gsm/"))
	return n, err == nil && n >= 1 && strings.HasPrefix(key, "gsm/") && moduleKey(n) == key
}

func hasSlot(mods []store.GSMModule, slot int) bool {
	for _, m := range mods {
		if m.Slot == slot {
			return true
		}
	}
	return false
}

// queryInt reads the query parameter name as an integer from min to max,
// def when it is absent. On a bad value it answers 400 and returns false.
func queryInt(w http.ResponseWriter, r *http.Request, name string, def, min, max int64) (int64, bool) {
	q := r.URL.Query().Get(name)
	if q == "" {
		return def, true
	}
	v, err := strconv.ParseInt(q, 10, 64)
	if err != nil || v < min || v > max {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("%s must be a number from %d to %d: correct it", name, min, max), name)
		return 0, false
	}
	return v, true
}
