package sms

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hookflash/firmware/pbx/store"
)

// USSD sends the USSD request code (such as *100# for the balance) through
// module ("" for the first module that is up and can) and returns the
// network's reply. The request and its reply or error are stored. It is
// safe for concurrent use.
func (s *Service) USSD(ctx context.Context, module, code string) (string, error) {
	if code == "" || len(code) > 160 || strings.Trim(code, "0123456789*#") != "" {
		return "", fmt.Errorf("sms: USSD code %q: use digits, * and #, such as *100#", code)
	}
	name, m, err := s.ussdModem(module)
	if err != nil {
		return "", err
	}
	reply, uerr := m.USSD(ctx, code)
	rec := store.USSDRequest{Module: name, Code: code, Reply: reply, CreatedAt: s.o.Now()}
	if uerr != nil {
		rec.Error = uerr.Error()
		uerr = fmt.Errorf("sms: USSD %s on %s: %w", code, name, uerr)
	}
	if err := s.st.USSDRequests().Create(context.WithoutCancel(ctx), &rec); err != nil {
		return reply, errors.Join(uerr, fmt.Errorf("sms: record USSD %s on %s: %w", code, name, err))
	}
	return reply, uerr
}

// ussdModem returns the named module's modem, or the first that is up and
// sends USSD.
func (s *Service) ussdModem(module string) (string, USSDModem, error) {
	if module != "" {
		m, ok := s.o.Modems[module]
		if !ok {
			return "", nil, fmt.Errorf("sms: no GSM module named %q", module)
		}
		u, ok := m.(USSDModem)
		if !ok {
			return "", nil, fmt.Errorf("sms: module %q cannot send USSD", module)
		}
		return module, u, nil
	}
	for _, name := range s.names {
		if u, ok := s.o.Modems[name].(USSDModem); ok && s.isUp(name) {
			return name, u, nil
		}
	}
	return "", nil, errors.New("sms: no GSM module that is up can send USSD")
}
