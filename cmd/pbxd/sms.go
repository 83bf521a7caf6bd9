package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/hookflash/firmware/drivers/gsm"
	gsmchan "github.com/hookflash/firmware/pbx/chan/gsm"
	"github.com/hookflash/firmware/pbx/sms"
	"github.com/hookflash/firmware/pbx/store"
)

// gsmKey names GSM module n (1-based, gsm_modules.slot) in SMS records and
// call records: "gsm/1". Unlike the module's name, it does not change when
// the admin renames the module.
func gsmKey(n int) string { return "gsm/" + strconv.Itoa(n) }

// startSMS runs the SMS service on the board's modems: it takes their
// received messages and delivery reports, sends the outbox and forwards
// what arrives by e-mail and webhook. Each message sent makes usage (the GSM
// channel, nil when there is none) read the modules' usage again, so that
// the dashboard counts it at once.
func startSMS(ctx context.Context, stack *stopStack, st *store.Store, hw *hardware, usage *gsmchan.Channel, log *slog.Logger) (*sms.Service, error) {
	mailer, err := smtpMailer(ctx, st)
	if err != nil {
		return nil, err
	}
	modems := map[string]sms.Modem{}
	for _, g := range hw.gsm {
		modems[gsmKey(g.number)] = g.dev
	}
	var onSent func(string)
	if usage != nil {
		onSent = func(string) { usage.UsageChanged() }
	}
	svc, err := sms.New(sms.Opts{Store: st, Modems: modems, Mailer: mailer, Limits: smsLimits{st}, OnSent: onSent, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("pbxd: %w", err)
	}
	for _, g := range hw.gsm {
		key := gsmKey(g.number)
		g.listen(func(ev gsm.Event) { svc.HandleEvent(key, ev) })
		onSMS := func(m gsm.SMS) error { return svc.OnSMS(key, m) }
		g.onSMS.Store(&onSMS)
	}
	runCtx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		svc.Run(runCtx)
	}()
	stack.push("SMS service", func(context.Context) error { stop(); <-done; return nil })
	return svc, nil
}

// smsLimits reads the SMS service's per-SIM daily limits from the store:
// the gsm_module_options row of the module in the slot that the key names.
type smsLimits struct{ st *store.Store }

func (l smsLimits) SMSPerDay(ctx context.Context, module string) (int, error) {
	slot, err := strconv.Atoi(strings.TrimPrefix(module, "gsm/"))
	if err != nil {
		return 0, fmt.Errorf("pbxd: %q is not a GSM module's key", module)
	}
	m, err := l.st.GSMModules().FindBy(ctx, "slot", slot)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil // no module: no limit
	}
	if err == nil {
		var o gsmchan.ModuleOptions
		if o, err = (gsmLimits{l.st}).Options(ctx, m.ID); err == nil {
			return o.SMSPerDay, nil // no options: 0, no limit
		}
	}
	return 0, fmt.Errorf("pbxd: SMS limit of %s: %w", module, err)
}

// smsByName is the scenario engine's SMS sender: scenarios name GSM modules
// by their names, the SMS service by their keys.
type smsByName struct {
	st  *store.Store
	svc *sms.Service
}

func (s smsByName) QueueSMS(ctx context.Context, module, to, text string) error {
	key := ""
	if module != "" {
		mods, err := s.st.GSMModules().List(ctx)
		if err != nil {
			return err
		}
		for _, m := range mods {
			if m.Name == module {
				key = gsmKey(m.Slot)
			}
		}
		if key == "" {
			return fmt.Errorf("pbxd: send SMS: no GSM module is named %q", module)
		}
	}
	return s.svc.QueueSMS(ctx, key, to, text)
}
