package sms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/warthog618/sms"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/pbx/store"
)

// QueueSMS stores text to the number to in the outbox of module ("" for
// whichever module is up first) and returns once it is stored; Run sends
// it. It implements pbx/scenario.SMSSender. It is safe for concurrent use.
func (s *Service) QueueSMS(ctx context.Context, module, to, text string) error {
	if _, ok := s.sendKick[module]; module != "" && !ok {
		return fmt.Errorf("sms: no GSM module named %q", module)
	}
	if module == "" && len(s.names) == 0 {
		return errors.New("sms: no GSM module to send through")
	}
	parts, err := countParts(text)
	if err != nil {
		return fmt.Errorf("sms: message to %s: %w", to, err)
	}
	m := store.SMSMessage{Direction: store.SMSOut, Module: module, Peer: to, Text: text, Parts: parts,
		Status: store.SMSQueued, CreatedAt: s.o.Now()}
	if err := s.st.SMSMessages().Create(ctx, &m); err != nil {
		return fmt.Errorf("sms: queue message to %s: %w", to, err)
	}
	s.log.Info("sms: queued", "id", m.ID, "module", module, "to", to, "parts", parts)
	s.changed(m.ID)
	if module != "" {
		kick(s.sendKick[module])
		return nil
	}
	for _, ch := range s.sendKick {
		kick(ch)
	}
	return nil
}

// countParts returns how many SMS parts text takes (GSM 7-bit or UCS-2,
// 3GPP TS 23.038), or why it cannot be sent.
func countParts(text string) (int, error) {
	switch {
	case text == "":
		return 0, errors.New("the text is empty")
	case !utf8.ValidString(text):
		return 0, errors.New("the text is not valid UTF-8")
	}
	tpdus, err := sms.Encode([]byte(text))
	if err != nil {
		return 0, fmt.Errorf("the text cannot be encoded: %v", err)
	}
	if len(tpdus) > 255 {
		return 0, fmt.Errorf("the text is too long: %d parts, at most 255", len(tpdus))
	}
	return len(tpdus), nil
}

// sendLoop sends module's outbox while the module is up and under its
// daily cap: the due messages, oldest first, then it waits for the next
// one to become due or for a kick (a new message, the modem back up).
func (s *Service) sendLoop(ctx context.Context, module string) {
	var c dayCap
	for {
		next := time.Duration(-1) // wait for a kick
		if wait, capped := s.capped(ctx, module, &c); capped {
			next = wait
		} else if s.isUp(module) {
			m, ok, err := s.st.ClaimSMS(ctx, module, s.o.Now())
			switch {
			case err != nil:
				if ctx.Err() != nil {
					return
				}
				s.log.Error("sms: read the outbox", "module", module, "err", err)
				next = s.o.RetryMin
			case ok:
				s.changed(m.ID) // now sending
				s.send(ctx, module, m)
				continue
			default:
				at, ok, err := s.st.NextSMSDue(ctx, module)
				switch {
				case err != nil:
					next = s.o.RetryMin
				case ok:
					next = max(at.Sub(s.o.Now()), 0)
				}
			}
		}
		if !wait(ctx, s.sendKick[module], next) {
			return
		}
	}
}

// send hands the claimed message m to module's modem and records the
// outcome. The record is written even when ctx ended meanwhile, so that a
// message the modem accepted is never left to be sent again.
func (s *Service) send(ctx context.Context, module string, m store.SMSMessage) {
	mrs, err := s.o.Modems[module].SendSMS(ctx, m.Peer, m.Text)
	now := s.o.Now()
	rec := context.WithoutCancel(ctx)
	if err == nil {
		m.Status, m.SentAt, m.LastError, m.Parts = store.SMSSent, now, "", len(mrs)
		m.Refs, _ = json.Marshal(mrs)
		if err := s.st.SMSMessages().Update(rec, &m); err != nil {
			s.log.Error("sms: the modem sent a message but recording it failed", "id", m.ID, "err", err)
			return
		}
		s.log.Info("sms: sent", "id", m.ID, "module", module, "to", m.Peer, "mrs", mrs)
		s.changed(m.ID)
		if s.o.OnSent != nil {
			s.o.OnSent(module)
		}
		kick(s.reportKick) // a report may have come first
		return
	}
	m.Status, m.LastError = store.SMSQueued, err.Error()
	if len(mrs) > 0 {
		m.LastError = fmt.Sprintf("%d of its parts were accepted before: %v (a retry sends every part again)", len(mrs), err)
	}
	switch {
	case ctx.Err() != nil || errors.Is(err, gsm.ErrModemDown):
		// Stopping, or the modem is being recovered: not the message's fault.
		m.Attempts--
		m.NextAt = now.Add(s.o.RetryMin)
	case m.Attempts >= s.o.MaxAttempts:
		m.Status = store.SMSFailed
		m.LastError = fmt.Sprintf("gave up after %d attempts: %s", m.Attempts, m.LastError)
	default:
		m.NextAt = now.Add(s.backoff(m.Attempts))
	}
	if err := s.st.SMSMessages().Update(rec, &m); err != nil {
		s.log.Error("sms: record a failed send", "id", m.ID, "err", err)
		return
	}
	s.changed(m.ID)
	s.log.Warn("sms: send failed", "id", m.ID, "module", module, "to", m.Peer, "attempt", m.Attempts,
		"status", m.Status, "next", m.NextAt, "err", err)
}
