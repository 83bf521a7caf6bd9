package gsm

import (
	"context"
	"fmt"
	"strings"

	"github.com/warthog618/sms/encoding/tpdu"
)

// recvLoop sweeps the SMS storage whenever asked (+CMTI, start-up,
// heartbeat, a reassembly expiry) and the modem is up.
func (d *Dev) recvLoop() {
	d.serve(d.recvKick, func(ctx context.Context) {
		if !d.isUp() {
			return
		}
		if err := d.sweep(ctx); err != nil {
			d.log.Warn("gsm: SMS storage sweep failed", "err", err)
		}
	})
}

// stored is one message listed by +CMGL.
type stored struct {
	index int
	pdu   string
}

// sweep reads every message in storage (AT+CMGL=4, 27.005 4.1: "all" in
// PDU mode), files the new ones in the reassembler, hands complete and
// expired messages to the receiver and deletes their parts after it
// returned nil. Deleting everything that was delivered keeps the storage
// from filling up, so reception never stops for a full memory.
func (d *Dev) sweep(ctx context.Context) error {
	d.retryDeletes(ctx)
	lines, err := d.eng.exec(ctx, command{line: "AT+CMGL=4", prefix: "+CMGL:"}, nil, 4*d.o.CommandTimeout)
	if err != nil {
		return err
	}
	for _, m := range parseCMGL(lines) {
		if d.reasm.holds(m.index) || d.pendingDelete(m.index) {
			continue
		}
		t, err := decodePDU(m.pdu)
		if err != nil {
			// Undecodable: keeping it would only fill the memory.
			d.log.Warn("gsm: dropping an SMS that cannot be decoded", "index", m.index, "err", err)
			d.delete(ctx, m.index)
			continue
		}
		if t.SmsType() == tpdu.SmsStatusReport {
			d.emit(Event{Kind: EventDeliveryReport, Report: statusReport(t)})
			d.delete(ctx, m.index)
			continue
		}
		if d.reasm.add(t, m.index) {
			d.delete(ctx, m.index) // a duplicate of a delivered message
		}
	}
	d.deliverReady(ctx)
	return nil
}

// deliverReady hands every complete or expired message to OnSMS.
func (d *Dev) deliverReady(ctx context.Context) {
	for _, m := range d.reasm.ready() {
		if d.o.OnSMS == nil {
			d.reasm.retry(m.key)
			continue
		}
		if err := d.o.OnSMS(m.sms); err != nil {
			d.log.Warn("gsm: SMS receiver failed; the message stays on the modem", "from", m.sms.From, "err", err)
			d.reasm.retry(m.key)
			continue
		}
		d.mu.Lock()
		for _, i := range m.indexes {
			d.toDelete[i] = true
		}
		d.mu.Unlock()
		d.reasm.forget(m.key)
		d.retryDeletes(ctx)
	}
}

// retryDeletes deletes the indexes of delivered messages (AT+CMGD, 27.005
// 3.5.4); those that fail stay listed and are not delivered again.
func (d *Dev) retryDeletes(ctx context.Context) {
	d.mu.Lock()
	var idx []int
	for i := range d.toDelete {
		idx = append(idx, i)
	}
	d.mu.Unlock()
	for _, i := range idx {
		d.delete(ctx, i)
	}
}

func (d *Dev) delete(ctx context.Context, index int) {
	_, err := d.at(ctx, fmt.Sprintf("AT+CMGD=%d", index))
	if err != nil && !IsCMS(err, CMSInvalidIndex) {
		d.log.Warn("gsm: deleting a stored SMS failed; will retry", "index", index, "err", err)
		d.mu.Lock()
		d.toDelete[index] = true
		d.mu.Unlock()
		return
	}
	d.mu.Lock()
	delete(d.toDelete, index)
	d.mu.Unlock()
}

func (d *Dev) pendingDelete(index int) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.toDelete[index]
}

// parseCMGL pairs each "+CMGL: <index>,<stat>,[<alpha>],<length>" header
// with the PDU line after it (27.005 4.1).
func parseCMGL(lines []string) []stored {
	var out []stored
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "+CMGL:") || i+1 >= len(lines) {
			continue
		}
		idx, ok := atoi(param(params(lines[i]), 0))
		if !ok || strings.HasPrefix(lines[i+1], "+CMGL:") {
			continue
		}
		out = append(out, stored{index: idx, pdu: lines[i+1]})
		i++
	}
	return out
}

// onDirectSMS handles +CMT (a message routed to the driver without being
// stored). It cannot be left on the modem, so it goes to the reassembler
// like a stored part but without an index.
func (d *Dev) onDirectSMS(pdu string) {
	t, err := decodePDU(pdu)
	if err != nil {
		d.log.Warn("gsm: +CMT with a PDU that cannot be decoded", "err", err)
		return
	}
	d.reasm.add(t, -1)
	d.kickRecv()
}

// onStatusReport handles +CDS (27.005 3.4.1, <ds>=1).
func (d *Dev) onStatusReport(pdu string) {
	t, err := decodePDU(pdu)
	if err != nil || t.SmsType() != tpdu.SmsStatusReport {
		d.log.Warn("gsm: +CDS with a PDU that cannot be decoded", "err", err)
		return
	}
	d.emit(Event{Kind: EventDeliveryReport, Report: statusReport(t)})
}
