package sms

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/pbx/store"
)

// receiveTimeout bounds storing one received message.
const receiveTimeout = 10 * time.Second

// OnSMS stores the message m that module received, once however often it
// is offered, with a forward to each configured target, and returns nil
// only when it is stored: wire each gsm.Dev's Opts.OnSMS here, so that the
// driver deletes the parts from the modem only then. It is safe for
// concurrent use.
func (s *Service) OnSMS(module string, m gsm.SMS) error {
	ctx, cancel := context.WithTimeout(context.Background(), receiveTimeout)
	defer cancel()
	key := dedupKey(module, m)
	msg := store.SMSMessage{Direction: store.SMSIn, Module: module, Peer: m.From, Text: m.Text,
		Parts: max(m.Parts, 1), Status: store.SMSReceived, CreatedAt: s.o.Now(), DedupKey: &key}
	if len(m.Missing) > 0 {
		msg.LastError = fmt.Sprintf("parts %v of %d never arrived", m.Missing, m.Parts)
	}
	id, created, err := s.st.ReceiveSMS(ctx, &msg, s.forwardTargets(ctx))
	if err != nil {
		return fmt.Errorf("sms: store the message from %s on %s: %w", m.From, module, err)
	}
	if !created {
		s.log.Info("sms: a message offered again is stored already", "id", id, "module", module, "from", m.From)
		return nil
	}
	s.log.Info("sms: received", "id", id, "module", module, "from", m.From, "parts", m.Parts)
	s.changed(id)
	kick(s.fwdKick)
	return nil
}

// dedupKey identifies a received message: the module, the sender, the
// service centre time stamp of its first part (TP-SCTS), the parts and the
// text. The driver offers a message again when its parts could not be
// deleted from the modem; that offer has the same key.
func dedupKey(module string, m gsm.SMS) string {
	h := sha256.New()
	for _, f := range []string{module, m.From, strconv.FormatInt(m.Time.UnixMilli(), 10), strconv.Itoa(m.Parts), m.Text} {
		h.Write([]byte(strconv.Itoa(len(f)) + ":" + f + ";"))
	}
	return hex.EncodeToString(h.Sum(nil))
}
