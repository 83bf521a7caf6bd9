package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/pbx/voicemail"
)

// messageWaiting shows on the FXS ports of a mailbox's extension whether
// the mailbox has new messages (stutter dial tone and FSK MWI): the
// voicemail service tells it of changes (set), and start shows the
// mailboxes that have new messages when pbxd starts.
type messageWaiting struct {
	st      *store.Store
	lines   *lineChannels
	log     *slog.Logger
	started atomic.Bool // the FXS channel runs; before, changes wait for start
}

// set is voicemail.Opts.MessageWaiting.
func (m *messageWaiting) set(mailbox string, on bool) {
	if m.lines.fxs == nil || !m.started.Load() {
		return
	}
	ports, err := m.ports(context.Background(), mailbox)
	if err != nil {
		m.log.Warn("message waiting", "mailbox", mailbox, "err", err)
		return
	}
	for _, p := range ports {
		if err := m.lines.fxs.SetMessageWaiting(p, on); err != nil {
			m.log.Warn("message waiting", "mailbox", mailbox, "port", p, "err", err)
		}
	}
	m.log.Info("message waiting", "mailbox", mailbox, "on", on, "fxs_ports", ports)
}

// start turns the indication on for every mailbox with new messages, and
// from then on follows vm's changes.
func (m *messageWaiting) start(vm *voicemail.Service) {
	m.started.Store(true)
	boxes, err := vm.Waiting()
	if err != nil {
		m.log.Warn("message waiting", "err", err)
	}
	for _, b := range boxes {
		m.set(b, true)
	}
}

// ports returns the FXS ports of the extension that owns mailbox: the
// mailbox's own extension, or else the extension with its number.
func (m *messageWaiting) ports(ctx context.Context, mailbox string) ([]int, error) {
	var extID int64
	box, err := m.st.Mailboxes().FindBy(ctx, "number", mailbox)
	switch {
	case err == nil && box.ExtensionID != nil:
		extID = *box.ExtensionID
	case err == nil || errors.Is(err, store.ErrNotFound):
		ext, err := m.st.Extensions().FindBy(ctx, "number", mailbox)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("pbxd: %w", err)
		}
		extID = ext.ID
	default:
		return nil, fmt.Errorf("pbxd: %w", err)
	}
	rows, err := m.st.FXSPorts().ListBy(ctx, "extension_id", extID)
	if err != nil {
		return nil, fmt.Errorf("pbxd: %w", err)
	}
	ports := make([]int, 0, len(rows))
	for _, r := range rows {
		ports = append(ports, r.Port)
	}
	return ports, nil
}

// planVoicemail is the dial plan's voicemail (*97, *98): the voicemail
// service, which is built after the plan, once it is set.
type planVoicemail struct {
	atomic.Pointer[voicemail.Service]
}

func (v *planVoicemail) Listen(ctx context.Context, c call.Control, mailbox string) error {
	s := v.Load()
	if s == nil {
		return errors.New("pbxd: voicemail is not running yet")
	}
	return s.Listen(ctx, c, mailbox)
}
