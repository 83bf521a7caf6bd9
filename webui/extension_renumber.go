package webui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/store"
)

// An extension's new number takes effect everywhere at once: what refers
// to the extension by its record id (FXS ports that ring it, outbound
// rules, its SIP devices, its forwarding) follows it by itself, and the
// store moves in the same transaction what names the number (scenario
// elements, ring groups, queues, hotlines, other extensions' forwards,
// its mailbox and after-hours routes; store.RenumberExtension). Its
// voicemail messages follow once that is committed.

// extensionSaved is the answer to PUT /api/extensions/{id}: the extension,
// and when its number changed, what moved with it.
type extensionSaved struct {
	store.Extension
	Renumbered *renumberReport `json:"renumbered,omitempty"`
}

// renumberReport says what a change of number moved, or would move in a
// dry run.
type renumberReport struct {
	From         string   `json:"from"`
	Moved        []string `json:"moved"`
	MailboxMoved bool     `json:"mailbox_moved"`
	// VoicemailError, when set, says why the messages of the old number's
	// box could not follow: they are kept under the old number.
	VoicemailError string `json:"voicemail_error,omitempty"`
	DryRun         bool   `json:"dry_run,omitempty"`
}

// mailboxMover is what renumbering needs of the voicemail service;
// *voicemail.Service implements it.
type mailboxMover interface {
	MoveMailbox(from, to string) error
}

// renumberExtension saves e, whose number differs from old's or which the
// request asks to try only (?dry_run=1), moving every reference to the
// old number, then the voicemail messages of its box. A failed move of
// the messages is logged and reported in the answer; the messages stay
// where they were.
func (s *Server) renumberExtension(w http.ResponseWriter, r *http.Request, e store.Extension, old store.Extension) {
	dryRun := r.URL.Query().Get("dry_run") == "1"
	if e.Number != old.Number {
		if n := s.voicemailCount(e.Number); n > 0 {
			writeError(w, http.StatusConflict, fmt.Sprintf(
				"mailbox %s still holds %d voicemail messages from before: listen to or delete them first, or choose another number", e.Number, n), "number")
			return
		}
	}
	res, err := s.st.RenumberExtension(s.edit(r, ""), &e, renumberDocument, dryRun)
	var fe *store.FieldError
	if errors.As(err, &fe) && errors.Is(err, store.ErrDuplicate) && fe.Detail != "" { // it says who has the number
		writeError(w, http.StatusConflict, "number "+e.Number+": "+fe.Detail, "number")
		return
	}
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("extension %d", e.ID), err)
		return
	}
	out := extensionSaved{Extension: res.Extension}
	if e.Number != old.Number {
		out.Renumbered = &renumberReport{From: res.From, Moved: res.Moved, MailboxMoved: res.MailboxMoved, DryRun: dryRun}
	}
	if dryRun || e.Number == old.Number {
		writeJSON(w, http.StatusOK, out)
		return
	}
	s.log.Info("webui: extension renumbered", "from", old.Number, "to", e.Number, "moved", len(res.Moved))
	if res.MailboxMoved {
		if err := s.moveMailbox(old.Number, e.Number); err != nil {
			s.log.Error("webui: voicemail messages stay under the old number", "from", old.Number, "to", e.Number, "err", err)
			out.Renumbered.VoicemailError = fmt.Sprintf(
				"the voicemail messages of mailbox %s could not move to %s (%v): they are kept under %s", old.Number, e.Number, err, old.Number)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// moveMailbox moves the voicemail messages of box from to box to; nothing
// while voicemail is not running.
func (s *Server) moveMailbox(from, to string) error {
	v := s.voicemailNow()
	if v == nil {
		return nil
	}
	mv, ok := v.(mailboxMover)
	if !ok {
		return fmt.Errorf("the voicemail service cannot move mailboxes")
	}
	return mv.MoveMailbox(from, to)
}

// renumberDocument is the store.RenumberDocument of scenario documents:
// it rewrites the element parameters that name extension from (and, with
// mailbox, mailbox from) as scenario.References finds them, keeping the
// rest of the document as it is. A document that does not decode runs
// nothing and is left alone.
func renumberDocument(doc json.RawMessage, from, to string, mailbox bool) (json.RawMessage, []string, error) {
	kinds := []scenario.RefKind{scenario.RefExtension}
	if mailbox {
		kinds = append(kinds, scenario.RefMailbox)
	}
	refs := func(doc []byte) []scenario.Reference {
		d, err := scenario.Decode(doc)
		if err != nil {
			return nil
		}
		var out []scenario.Reference
		for _, k := range kinds {
			out = append(out, scenario.ReferencesTo(d, k, from)...)
		}
		return out
	}
	found := refs(doc)
	if len(found) == 0 {
		return doc, nil, nil
	}
	var tree map[string]any
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber() // numbers stay as written
	if err := dec.Decode(&tree); err != nil {
		return nil, nil, fmt.Errorf("renumber: %w", err)
	}
	params := map[string]map[string]any{}
	elements, _ := tree["elements"].([]any)
	for _, el := range elements {
		el, _ := el.(map[string]any)
		id, _ := el["id"].(string)
		if p, ok := el["params"].(map[string]any); ok {
			params[id] = p
		}
	}
	var where []string
	for _, ref := range found {
		p := params[ref.Element]
		switch v := p[ref.Field].(type) {
		case string:
			p[ref.Field] = to
		case []any:
			for i, x := range v {
				if x == from {
					v[i] = to
				}
			}
		default:
			return nil, nil, fmt.Errorf("renumber: element %q: %s holds no number", ref.Element, ref.Field)
		}
		el := fmt.Sprintf("element %q", ref.Element)
		if ref.Label != "" {
			el += " (" + ref.Label + ")"
		}
		where = append(where, el+", "+ref.Field)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(tree); err != nil {
		return nil, nil, fmt.Errorf("renumber: %w", err)
	}
	out := bytes.TrimSpace(buf.Bytes())
	if left := refs(out); len(left) > 0 {
		return nil, nil, fmt.Errorf("renumber: element %q, %s still names %s", left[0].Element, left[0].Field, from)
	}
	return out, slices.Compact(where), nil
}

// voicemailCount returns how many messages the mailbox holds; 0 while
// voicemail is not running.
func (s *Server) voicemailCount(box string) int {
	v := s.voicemailNow()
	if v == nil {
		return 0
	}
	msgs, err := v.Messages(box)
	if err != nil {
		s.log.Warn("webui: voicemail", "mailbox", box, "err", err)
		return 0
	}
	return len(msgs)
}
