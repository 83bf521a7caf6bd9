package gsm

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// outSMS is a queued outgoing message. Its PDUs are encoded once, so a
// message interrupted between parts continues with the same reference and
// the recipient joins the parts.
type outSMS struct {
	id   uint64
	to   string
	pdus [][]byte
	next int   // first part not yet sent
	mrs  []int // TP-MR of the parts sent
}

// SendSMS sends text to number now, in as many parts as it needs, and
// returns each part's message reference (TP-MR). It fails with
// ErrModemDown while the modem is being recovered; use QueueSMS for a
// message that must survive that.
func (d *Dev) SendSMS(ctx context.Context, number, text string) ([]int, error) {
	pdus, err := encodeSubmit(d.enc, number, text, d.o.DeliveryReports)
	if err != nil {
		return nil, err
	}
	if !d.isUp() {
		return nil, ErrModemDown
	}
	var mrs []int
	for _, p := range pdus {
		mr, err := d.sendPDU(ctx, p)
		if err != nil {
			return mrs, err
		}
		mrs = append(mrs, mr)
	}
	return mrs, nil
}

// QueueSMS queues text to number and returns its id. The queue is sent in
// order while the modem is up and survives its recovery (not a restart of
// the process: keep the message in the store until EventSMSSent). The
// result comes as EventSMSSent or EventSMSFailed with the id.
func (d *Dev) QueueSMS(number, text string) (uint64, error) {
	pdus, err := encodeSubmit(d.enc, number, text, d.o.DeliveryReports)
	if err != nil {
		return 0, err
	}
	d.mu.Lock()
	d.nextID++
	m := &outSMS{id: d.nextID, to: number, pdus: pdus}
	d.outq = append(d.outq, m)
	d.mu.Unlock()
	d.kickSend()
	return m.id, nil
}

// Queued returns how many queued messages are not yet sent.
func (d *Dev) Queued() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.outq)
}

// sendLoop sends the queue whenever kicked and the modem is up. A message
// the modem refuses (+CMS ERROR) fails; a timeout or a lost modem leaves it
// queued for after the recovery.
func (d *Dev) sendLoop() { d.serve(d.sendKick, d.sendAll) }

// sendAll sends queued messages until the queue is empty, the modem is down
// or the modem did not take one.
func (d *Dev) sendAll(ctx context.Context) {
	for d.isUp() {
		d.mu.Lock()
		if len(d.outq) == 0 {
			d.mu.Unlock()
			return
		}
		m := d.outq[0]
		d.mu.Unlock()
		err := d.sendQueued(ctx, m)
		var cme *CMEError
		if err != nil && !errors.As(err, &cme) && !errors.Is(err, ErrError) {
			d.log.Warn("gsm: queued SMS waits for the modem", "id", m.id, "err", err)
			return
		}
		d.mu.Lock()
		d.outq = d.outq[1:]
		d.mu.Unlock()
		if err != nil {
			d.emit(Event{Kind: EventSMSFailed, ID: m.id, Err: err})
		} else {
			d.emit(Event{Kind: EventSMSSent, ID: m.id, MRs: m.mrs})
		}
	}
}

func (d *Dev) sendQueued(ctx context.Context, m *outSMS) error {
	for m.next < len(m.pdus) {
		mr, err := d.sendPDU(ctx, m.pdus[m.next])
		if err != nil {
			return err
		}
		m.mrs = append(m.mrs, mr)
		m.next++
	}
	return nil
}

// sendPDU sends one part: AT+CMGS=<length of the TPDU in octets>, the "> "
// prompt, the PDU in hex and Ctrl-Z; the modem answers +CMGS: <mr>
// (27.005 4.3). pdu starts with the SMSC address.
func (d *Dev) sendPDU(ctx context.Context, pdu []byte) (int, error) {
	tpduLen := len(pdu) - 1 - int(pdu[0])
	c := command{line: fmt.Sprintf("AT+CMGS=%d", tpduLen), prefix: "+CMGS:", prompt: true}
	lines, err := d.eng.exec(ctx, c, pdu, d.o.SMSTimeout)
	if err != nil {
		return 0, err
	}
	for _, l := range lines {
		if s, ok := strings.CutPrefix(l, "+CMGS:"); ok {
			if mr, ok := atoi(s); ok {
				return mr, nil
			}
		}
	}
	return 0, fmt.Errorf("gsm: %s: no +CMGS: %w", c.line, ErrMalformed)
}
