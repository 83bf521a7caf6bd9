package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// RenumberDocument rewrites a scenario document so that what it dials as
// extension from dials to instead, and, when mailbox is true, what names
// mailbox from names mailbox to. It returns the new document and the
// places it changed in words ("element \"desk\" (Reception), extension"),
// or the document unchanged and none. The store does not read scenario
// documents itself: the scenario package defines them.
type RenumberDocument func(doc json.RawMessage, from, to string, mailbox bool) (json.RawMessage, []string, error)

// Renumbered is what RenumberExtension did.
type Renumbered struct {
	Extension Extension `json:"extension"`
	From      string    `json:"from"` // the old number
	// Moved names every reference that now names the new number.
	Moved []string `json:"moved"`
	// MailboxMoved says that the voicemail box numbered as the extension
	// went with it: its messages' folder must follow (the store holds no
	// messages).
	MailboxMoved bool `json:"mailbox_moved"`
}

// errDryRun rolls back a RenumberExtension that only looks.
var errDryRun = errors.New("store: dry run")

// RenumberExtension saves e, the extension with ID e.ID, and when its
// number changes, moves in the same transaction everything that dials
// the old number to the new one: scenario elements (each changed scenario
// saved as a new version, so that its history can roll back), ring group
// members, queue agents, FXS hotlines and extensions' forwards. The
// mailbox numbered as the extension goes with it unless another extension
// owns it: its row, the scenario elements and after-hours routes that
// name it. A new number used by another extension or a mailbox is
// refused with a *FieldError on extensions.number of kind ErrDuplicate.
// With dryRun nothing is saved and the answer says what would move. It
// is safe for concurrent use.
func (s *Store) RenumberExtension(ctx context.Context, e *Extension, docs RenumberDocument, dryRun bool) (Renumbered, error) {
	var out Renumbered
	err := s.write(ctx, true, func(tx *sql.Tx) error {
		exts := s.Extensions()
		rows, err := exts.query(ctx, tx, "WHERE id = ?", e.ID)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return fmt.Errorf("store: extensions %d: %w", e.ID, ErrNotFound)
		}
		from, to := rows[0].Number, e.Number
		out = Renumbered{From: from, Moved: []string{}}
		if from != to {
			if err := e.Validate(); err != nil {
				return err
			}
			if err := s.numberFree(ctx, tx, e.ID, from, to); err != nil {
				return err
			}
		}
		if err := exts.update(ctx, tx, e); err != nil {
			return err
		}
		out.Extension = *e
		if from != to {
			mv := renumbering{s: s, tx: tx, id: e.ID, from: from, to: to}
			if err := mv.run(ctx, docs); err != nil {
				return err
			}
			out.Moved, out.MailboxMoved = append(out.Moved, mv.moved...), mv.mailbox
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	return out, err
}

// numberFree refuses to, the new number of extension id (now from), when
// another extension or a mailbox that does not go with it has it.
func (s *Store) numberFree(ctx context.Context, tx *sql.Tx, id int64, from, to string) error {
	taken := func(what string) error {
		return &FieldError{Table: "extensions", Field: "number", Kind: ErrDuplicate,
			Detail: fmt.Sprintf("%s %s already has that number: choose another", what, to)}
	}
	others, err := s.Extensions().query(ctx, tx, "WHERE number = ? AND id != ?", to, id)
	if err != nil {
		return err
	}
	if len(others) > 0 {
		return taken("extension")
	}
	boxes, err := s.Mailboxes().query(ctx, tx, "WHERE number = ?", to)
	if err != nil {
		return err
	}
	if len(boxes) > 0 {
		return taken("mailbox")
	}
	return nil
}

// renumbering moves the references of one extension's number in a
// write's transaction.
type renumbering struct {
	s        *Store
	tx       *sql.Tx
	id       int64
	from, to string
	mailbox  bool     // the mailbox numbered from goes to to
	moved    []string // what was moved, in words
}

func (m *renumbering) run(ctx context.Context, docs RenumberDocument) error {
	if err := m.mailboxes(ctx); err != nil { // first: it decides whether the box goes
		return err
	}
	if docs != nil {
		if err := m.scenarios(ctx, docs); err != nil {
			return err
		}
	}
	for _, step := range []func(context.Context) error{m.routeOptions, m.groups, m.queues, m.hotlines, m.forwards} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// mailboxes moves the mailbox row numbered from unless another extension
// owns it, and decides whether the box goes with the extension: a box
// without a row of its own always does.
func (m *renumbering) mailboxes(ctx context.Context) error {
	t := m.s.Mailboxes()
	boxes, err := t.query(ctx, m.tx, "WHERE number = ?", m.from)
	if err != nil {
		return err
	}
	if len(boxes) == 0 {
		m.mailbox = true
		return nil
	}
	b := boxes[0]
	if b.ExtensionID != nil && *b.ExtensionID != m.id {
		return nil // another extension's box stays
	}
	m.mailbox = true
	b.Number = m.to
	if err := t.update(ctx, m.tx, &b); err != nil {
		return err
	}
	m.moved = append(m.moved, fmt.Sprintf("mailbox %s, number", m.from))
	return nil
}

// scenarios saves a new version of every scenario whose elements name the
// number.
func (m *renumbering) scenarios(ctx context.Context, docs RenumberDocument) error {
	t := m.s.Scenarios()
	all, err := t.query(ctx, m.tx, "ORDER BY id")
	if err != nil {
		return err
	}
	edit, _ := ctx.Value(editKey{}).(Edit)
	edit.Note = fmt.Sprintf("extension %s renumbered to %s", m.from, m.to)
	ctx = WithEdit(ctx, edit)
	for _, sc := range all {
		doc, where, err := docs(sc.Document, m.from, m.to, m.mailbox)
		if err != nil {
			return fmt.Errorf("store: scenario %q: %w", sc.Name, err)
		}
		if len(where) == 0 || bytes.Equal(doc, sc.Document) {
			continue
		}
		sc.Document = doc
		if err := t.update(ctx, m.tx, &sc); err != nil {
			return err
		}
		for _, w := range where {
			m.moved = append(m.moved, fmt.Sprintf("scenario %q %s", sc.Name, w))
		}
	}
	return nil
}

// routeOptions moves the after-hours mailbox of inbound routes when the
// box goes.
func (m *renumbering) routeOptions(ctx context.Context) error {
	if !m.mailbox {
		return nil
	}
	t := m.s.RouteOptions()
	opts, err := t.query(ctx, m.tx, "WHERE after_hours_mailbox = ?", m.from)
	if err != nil {
		return err
	}
	for _, o := range opts {
		o.AfterHoursMailbox = m.to
		if err := t.update(ctx, m.tx, &o); err != nil {
			return err
		}
		var name string
		if err := m.tx.QueryRowContext(ctx, "SELECT name FROM inbound_routes WHERE id = ?", o.RouteID).Scan(&name); err != nil {
			return fmt.Errorf("store: read inbound_routes: %w", err)
		}
		m.moved = append(m.moved, fmt.Sprintf("inbound route %q options, after_hours_mailbox", name))
	}
	return nil
}

// groups moves ring group members.
func (m *renumbering) groups(ctx context.Context) error {
	t := m.s.RingGroups()
	all, err := t.query(ctx, m.tx, "ORDER BY id")
	if err != nil {
		return err
	}
	for _, g := range all {
		if members, ok := m.replaceIn(g.Members); ok {
			g.Members = members
			if err := t.update(ctx, m.tx, &g); err != nil {
				return err
			}
			m.moved = append(m.moved, fmt.Sprintf("ring group %q, members", g.Name))
		}
	}
	return nil
}

// queues moves queue agents.
func (m *renumbering) queues(ctx context.Context) error {
	t := m.s.CallQueues()
	all, err := t.query(ctx, m.tx, "ORDER BY id")
	if err != nil {
		return err
	}
	for _, q := range all {
		if agents, ok := m.replaceIn(q.Agents); ok {
			q.Agents = agents
			if err := t.update(ctx, m.tx, &q); err != nil {
				return err
			}
			m.moved = append(m.moved, fmt.Sprintf("queue %q, agents", q.Name))
		}
	}
	return nil
}

// replaceIn returns the JSON array of extension numbers list with from
// replaced by to, and whether it held from.
func (m *renumbering) replaceIn(list json.RawMessage) (json.RawMessage, bool) {
	numbers := ExtensionNumbers(list)
	i := slices.Index(numbers, m.from)
	if i < 0 {
		return list, false
	}
	for ; i >= 0; i = slices.Index(numbers, m.from) {
		numbers[i] = m.to
	}
	b, _ := json.Marshal(numbers)
	return b, true
}

// hotlines moves the FXS ports that dial the number on off-hook.
func (m *renumbering) hotlines(ctx context.Context) error {
	t := m.s.FXSPorts()
	ports, err := t.query(ctx, m.tx, "WHERE hotline = ? ORDER BY port", m.from)
	if err != nil {
		return err
	}
	for _, p := range ports {
		p.Hotline = m.to
		if err := t.update(ctx, m.tx, &p); err != nil {
			return err
		}
		m.moved = append(m.moved, fmt.Sprintf("FXS port %d, hotline", p.Port))
	}
	return nil
}

// forwards moves the extensions' forwards to the number.
func (m *renumbering) forwards(ctx context.Context) error {
	t := m.s.ExtensionForwards()
	all, err := t.query(ctx, m.tx, "WHERE ? IN (number, busy, no_answer, unreachable) ORDER BY id", m.from)
	if err != nil {
		return err
	}
	for _, f := range all {
		var owner string
		if err := m.tx.QueryRowContext(ctx, "SELECT number FROM extensions WHERE id = ?", f.ExtensionID).Scan(&owner); err != nil {
			return fmt.Errorf("store: read extensions: %w", err)
		}
		for _, c := range []struct {
			number *string
			field  string
		}{{&f.Number, "number"}, {&f.Busy, "busy"}, {&f.NoAnswer, "no_answer"}, {&f.Unreachable, "unreachable"}} {
			if *c.number == m.from {
				*c.number = m.to
				m.moved = append(m.moved, fmt.Sprintf("extension %s forwarding, %s", owner, c.field))
			}
		}
		if err := t.update(ctx, m.tx, &f); err != nil {
			return err
		}
	}
	return nil
}
