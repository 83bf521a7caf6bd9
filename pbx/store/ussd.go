package store

import (
	"context"
	"time"
)

// USSDRequest is one USSD request sent through a GSM module (a balance
// query such as *100#) and the network's reply. It is runtime data, not
// configuration.
type USSDRequest struct {
	ID        int64     `json:"id"`
	Module    string    `json:"module"` // the GSM module's name
	Code      string    `json:"code"`
	Reply     string    `json:"reply"` // the network's text; empty when it failed
	Error     string    `json:"error"` // why it failed; empty when it worked
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks the module and code.
func (u *USSDRequest) Validate() error {
	return firstError(
		checkText("ussd_requests", "module", u.Module, 1, 40),
		checkText("ussd_requests", "code", u.Code, 1, 160),
	)
}

// USSDRequests is the repository of USSD requests, runtime data.
func (s *Store) USSDRequests() *Table[USSDRequest] {
	return newTable[USSDRequest](s, "ussd_requests", false)
}

// RecentUSSD returns up to limit USSD requests of module ("" for every
// module), newest first. It is safe for concurrent use.
func (s *Store) RecentUSSD(ctx context.Context, module string, limit int) ([]USSDRequest, error) {
	if module == "" {
		return s.USSDRequests().query(ctx, s.r, "ORDER BY id DESC LIMIT ?", limit)
	}
	return s.USSDRequests().query(ctx, s.r, "WHERE module = ? ORDER BY id DESC LIMIT ?", module, limit)
}
