package sms

import (
	"context"
	"fmt"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
)

// maxPendingReports bounds the delivery reports kept while they match no
// sent message; the oldest go first.
const maxPendingReports = 1000

// pendingReport is a delivery report not yet recorded.
type pendingReport struct {
	module string
	r      gsm.DeliveryReport
	at     time.Time // when it arrived
}

// addReport queues a delivery report for reportLoop without blocking.
func (s *Service) addReport(module string, r gsm.DeliveryReport) {
	s.mu.Lock()
	s.reports = append(s.reports, pendingReport{module: module, r: r, at: s.o.Now()})
	if n := len(s.reports) - maxPendingReports; n > 0 {
		s.reports = s.reports[n:]
	}
	s.mu.Unlock()
	kick(s.reportKick)
}

// reportLoop records delivery reports. A report that matches no sent
// message yet (the modem's report can overtake the sender's record) is
// tried again at each kick until ReportWait passed.
func (s *Service) reportLoop(ctx context.Context) {
	for wait(ctx, s.reportKick, s.o.ReportWait) {
		s.mu.Lock()
		todo := s.reports
		s.reports = nil
		s.mu.Unlock()
		var keep []pendingReport
		for _, p := range todo {
			if !s.record(ctx, p) && s.o.Now().Sub(p.at) < s.o.ReportWait {
				keep = append(keep, p)
			}
		}
		if len(keep) > 0 {
			s.mu.Lock()
			s.reports = append(keep, s.reports...)
			s.mu.Unlock()
		}
	}
}

// record writes the report p and reports whether it is done with.
func (s *Service) record(ctx context.Context, p pendingReport) bool {
	st := p.r.Status
	if !p.r.Delivered && st >= 0x20 && st < 0x40 {
		return true // 23.040 9.2.3.15: the service centre is still trying
	}
	at := p.r.Time
	if at.IsZero() {
		at = p.at
	}
	problem := fmt.Sprintf("the network could not deliver it (TP-ST 0x%02X)", st)
	id, found, err := s.st.DeliveryReport(ctx, p.module, p.r.MR, p.r.Delivered, problem, at)
	switch {
	case err != nil:
		s.log.Error("sms: record a delivery report", "module", p.module, "mr", p.r.MR, "err", err)
		return false
	case !found:
		if s.o.Now().Sub(p.at) >= s.o.ReportWait {
			s.log.Warn("sms: a delivery report matches no sent message", "module", p.module, "mr", p.r.MR)
		}
		return false
	}
	s.log.Info("sms: delivery report", "id", id, "module", p.module, "mr", p.r.MR, "delivered", p.r.Delivered)
	s.changed(id)
	return true
}
