package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

// quotedRenumber is a RenumberDocument for documents whose only quoted
// strings that equal an extension number are references to it; the
// scenario package's own rewriter is tested in webui.
func quotedRenumber(doc json.RawMessage, from, to string, mailbox bool) (json.RawMessage, []string, error) {
	old := []byte(`"` + from + `"`)
	if !bytes.Contains(doc, old) {
		return doc, nil, nil
	}
	return bytes.ReplaceAll(doc, old, []byte(`"`+to+`"`)), []string{"element \"desk\", extension"}, nil
}

// renumberOffice stores an office where extension 101 is named by every
// kind of reference, and returns 101.
func renumberOffice(t *testing.T, s *Store) Extension {
	t.Helper()
	ctx := context.Background()
	exts := map[string]*Extension{}
	for _, n := range []string{"101", "102", "103"} {
		e := newExtension(n)
		if err := s.Extensions().Create(ctx, &e); err != nil {
			t.Fatal(err)
		}
		exts[n] = &e
	}
	sc := Scenario{Name: "Office", Document: json.RawMessage(`{"schema":1,"elements":[{"id":"desk","type":"internal","params":{"extension":"101"}}]}`)}
	other := Scenario{Name: "Night", Document: json.RawMessage(`{"schema":1,"elements":[{"id":"desk","type":"internal","params":{"extension":"102"}}]}`)}
	route := InboundRoute{Name: "City", Source: SourceAny}
	steps := []func() error{
		func() error { return s.Scenarios().Create(ctx, &sc) },
		func() error { return s.Scenarios().Create(ctx, &other) },
		func() error {
			return s.RingGroups().Create(ctx, &RingGroup{Name: "Sales", Members: json.RawMessage(`["102","101"]`), Strategy: "all", Total: 30})
		},
		func() error {
			return s.CallQueues().Create(ctx, &CallQueue{Name: "Support", Agents: json.RawMessage(`["101"]`), Strategy: "ring_all", MaxWait: 300})
		},
		func() error {
			return s.FXSPorts().Create(ctx, &FXSPort{Port: 2, Mode: FXSVoice, CallerID: CallerIDOff, Country: "RU", Hotline: "101"})
		},
		func() error {
			_, err := s.PutForward(ctx, ExtensionForward{ExtensionID: exts["102"].ID, Busy: "101", NoAnswer: "101", NoAnswerSecs: 20})
			return err
		},
		func() error {
			return s.Mailboxes().Create(ctx, &Mailbox{Number: "101", ExtensionID: &exts["101"].ID, PIN: "2468"})
		},
		func() error { route.ScenarioID = sc.ID; return s.InboundRoutes().Create(ctx, &route) },
		func() error {
			return s.RouteOptions().Create(ctx, &RouteOptions{RouteID: route.ID, AfterHoursAction: AfterHoursVoicemail, AfterHoursMailbox: "101"})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	return *exts["101"]
}

func TestRenumberExtensionMovesEveryReference(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTemp(t)
	ext := renumberOffice(t, s)
	ext.Number, ext.Name = "201", "Anna"
	got, err := s.RenumberExtension(WithEdit(ctx, Edit{By: "admin"}), &ext, quotedRenumber, false)
	if err != nil {
		t.Fatalf("RenumberExtension(101 -> 201): %v", err)
	}
	want := []string{
		"mailbox 101, number",
		`scenario "Office" element "desk", extension`,
		`inbound route "City" options, after_hours_mailbox`,
		`ring group "Sales", members`,
		`queue "Support", agents`,
		"FXS port 2, hotline",
		"extension 102 forwarding, busy",
		"extension 102 forwarding, no_answer",
	}
	if !slices.Equal(got.Moved, want) || got.From != "101" || !got.MailboxMoved || got.Extension.Number != "201" {
		t.Errorf("RenumberExtension(101 -> 201) = %+v; want moved %q and the mailbox", got, want)
	}

	stored, err := s.Extensions().Get(ctx, ext.ID)
	if err != nil || stored.Number != "201" || stored.Name != "Anna" {
		t.Errorf("extension after = %+v, %v; want 201 Anna", stored, err)
	}
	sc, _ := s.Scenarios().FindBy(ctx, "name", "Office")
	if !bytes.Contains(sc.Document, []byte(`"extension":"201"`)) {
		t.Errorf("scenario Office = %s; want it ringing 201", sc.Document)
	}
	versions, err := s.ScenarioVersions(ctx, sc.ID)
	if err != nil || len(versions) != 2 || versions[0].Note != "extension 101 renumbered to 201" || versions[0].SavedBy != "admin" {
		t.Errorf("versions of Office = %+v, %v; want a second one noting the renumbering by admin", versions, err)
	}
	if v1, err := s.ScenarioVersion(ctx, sc.ID, 1); err != nil || !bytes.Contains(v1.Document, []byte(`"101"`)) {
		t.Errorf("version 1 of Office = %s, %v; want it kept as it was", v1.Document, err)
	}
	night, _ := s.Scenarios().FindBy(ctx, "name", "Night")
	if v, _ := s.ScenarioVersions(ctx, night.ID); len(v) != 1 {
		t.Errorf("scenario Night, which does not ring 101, has %d versions; want 1", len(v))
	}
	g, _ := s.RingGroups().FindBy(ctx, "name", "Sales")
	q, _ := s.CallQueues().FindBy(ctx, "name", "Support")
	p, _ := s.FXSPorts().FindBy(ctx, "port", 2)
	box, _ := s.Mailboxes().FindBy(ctx, "extension_id", ext.ID)
	opts, _ := s.RouteOptions().List(ctx)
	checks := []struct{ what, got, want string }{
		{"ring group members", string(g.Members), `["102","201"]`},
		{"queue agents", string(q.Agents), `["201"]`},
		{"FXS port 2 hotline", p.Hotline, "201"},
		{"mailbox number", box.Number, "201"},
		{"after-hours mailbox", opts[0].AfterHoursMailbox, "201"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %s; want %s", c.what, c.got, c.want)
		}
	}
	fwds, _ := s.ExtensionForwards().List(ctx)
	if len(fwds) != 1 || fwds[0].Busy != "201" || fwds[0].NoAnswer != "201" || fwds[0].NoAnswerSecs != 20 {
		t.Errorf("forwards = %+v; want 102's busy and no answer on 201", fwds)
	}
}

func TestRenumberExtensionRefusesATakenNumber(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTemp(t)
	ext := renumberOffice(t, s)
	if err := s.Mailboxes().Create(ctx, &Mailbox{Number: "555"}); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Revision(ctx)
	for _, to := range []string{"102", "555"} {
		e := ext
		e.Number = to
		_, err := s.RenumberExtension(ctx, &e, quotedRenumber, false)
		var fe *FieldError
		if !errors.As(err, &fe) || !errors.Is(err, ErrDuplicate) || fe.Field != "number" {
			t.Errorf("RenumberExtension(101 -> %s) = %v; want a duplicate on number", to, err)
		}
	}
	if after, _ := s.Revision(ctx); after != before {
		t.Errorf("revision went from %d to %d; want nothing saved", before, after)
	}
	g, _ := s.RingGroups().FindBy(ctx, "name", "Sales")
	if string(g.Members) != `["102","101"]` {
		t.Errorf("ring group after refusals = %s; want it untouched", g.Members)
	}
}

func TestRenumberExtensionDryRunSavesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTemp(t)
	ext := renumberOffice(t, s)
	before, _ := s.Revision(ctx)
	e := ext
	e.Number = "201"
	got, err := s.RenumberExtension(ctx, &e, quotedRenumber, true)
	if err != nil || len(got.Moved) != 8 || !got.MailboxMoved {
		t.Fatalf("dry run = %+v, %v; want the 8 references and the mailbox", got, err)
	}
	if after, _ := s.Revision(ctx); after != before {
		t.Errorf("revision went from %d to %d in a dry run", before, after)
	}
	if stored, _ := s.Extensions().Get(ctx, ext.ID); stored.Number != "101" {
		t.Errorf("extension after a dry run = %s; want 101", stored.Number)
	}
	sc, _ := s.Scenarios().FindBy(ctx, "name", "Office")
	if v, _ := s.ScenarioVersions(ctx, sc.ID); len(v) != 1 {
		t.Errorf("Office has %d versions after a dry run; want 1", len(v))
	}
}

func TestRenumberExtensionLeavesAnotherOwnersMailbox(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTemp(t)
	a, b := newExtension("101"), newExtension("102")
	for _, e := range []*Extension{&a, &b} {
		if err := s.Extensions().Create(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Mailboxes().Create(ctx, &Mailbox{Number: "101", ExtensionID: &b.ID}); err != nil {
		t.Fatal(err)
	}
	a.Number = "201"
	got, err := s.RenumberExtension(ctx, &a, nil, false)
	if err != nil || got.MailboxMoved || got.Moved == nil || len(got.Moved) != 0 {
		t.Fatalf("RenumberExtension(101 -> 201) = %+v, %v; want nothing moved (an empty list) and the mailbox of 102 left", got, err)
	}
	if box, _ := s.Mailboxes().FindBy(ctx, "extension_id", b.ID); box.Number != "101" {
		t.Errorf("102's mailbox = %s; want 101 kept", box.Number)
	}
}
