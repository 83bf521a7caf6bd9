package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"

	"github.com/hookflash/firmware/pbx/call"
	fxochan "github.com/hookflash/firmware/pbx/chan/fxo"
	fxschan "github.com/hookflash/firmware/pbx/chan/fxs"
	gsmchan "github.com/hookflash/firmware/pbx/chan/gsm"
	"github.com/hookflash/firmware/pbx/dialplan"
	"github.com/hookflash/firmware/pbx/store"
)

// lineChannels are the channels of the board's own ports: FXS ports, FXO
// lines and GSM modules. A nil channel means the board has no such port.
type lineChannels struct {
	fxs  *fxschan.Channel
	fxo  *fxochan.Channel
	gsm  *gsmchan.Channel
	plan atomic.Pointer[dialplan.Plan] // the dial plan analog phones dial into; set before start
	// failed are the board's modules that did not open: the live status
	// lists them.
	failed []failedModule
}

// newLineChannels builds a channel for each kind of port hw has.
func newLineChannels(st *store.Store, hw *hardware, log *slog.Logger) (*lineChannels, error) {
	lc := &lineChannels{failed: hw.failed}
	if len(hw.fxs) > 0 {
		var ports []fxschan.Port
		for _, m := range hw.fxs {
			ports = append(ports, fxschan.Port{Number: m.number, Dev: m.dev, Audio: m.audio})
		}
		music := dialplan.MusicOnHold()
		ch, err := fxschan.New(fxschan.Opts{Ports: ports, Store: st, Matcher: digitMatcher{lc}, HoldMusic: &music, Logger: log.With("part", "fxs")})
		if err != nil {
			return nil, fmt.Errorf("pbxd: %w", err)
		}
		lc.fxs = ch
	}
	if len(hw.fxo) > 0 {
		var lines []fxochan.Line
		for _, m := range hw.fxo {
			lines = append(lines, fxochan.Line{Port: m.number, Dev: m.dev, Audio: m.audio})
		}
		ch, err := fxochan.New(fxochan.Opts{Lines: lines, Store: st, Logger: log.With("part", "fxo")})
		if err != nil {
			return nil, fmt.Errorf("pbxd: %w", err)
		}
		lc.fxo = ch
	}
	if len(hw.gsm) > 0 {
		var mods []gsmchan.Module
		for _, m := range hw.gsm {
			mods = append(mods, gsmchan.Module{Slot: m.number, Dev: m.dev, Audio: m.audio})
		}
		ch, err := gsmchan.New(gsmchan.Opts{Modules: mods, Store: st, Limits: gsmLimits{st}, Logger: log.With("part", "gsm")})
		if err != nil {
			return nil, fmt.Errorf("pbxd: %w", err)
		}
		for _, m := range hw.gsm {
			m.listen(func(ev gsm.Event) { ch.HandleEvent(m.number, ev) })
		}
		lc.gsm = ch
	}
	return lc, nil
}

// gsmLimits reads the GSM channel's per-SIM limits and usage from the store.
type gsmLimits struct{ st *store.Store }

func (l gsmLimits) Options(ctx context.Context, moduleID int64) (gsmchan.ModuleOptions, error) {
	o, err := l.st.GSMModuleOptions().FindBy(ctx, "gsm_module_id", moduleID)
	if errors.Is(err, store.ErrNotFound) {
		return gsmchan.ModuleOptions{}, nil
	}
	return gsmchan.ModuleOptions{MinutesPerDay: o.MinutesPerDay, MinutesPerMonth: o.MinutesPerMonth,
		SMSPerDay: o.SMSPerDay, FMC: o.FMC, FMCPIN: o.FMCPIN}, err
}

func (l gsmLimits) Usage(ctx context.Context, channel string, since time.Time) (int64, int, error) {
	return l.st.GSMUsage(ctx, channel, since)
}

// digitMatcher tells the FXS channel when a phone has dialled a whole
// number, as the dial plan judges it.
type digitMatcher struct{ lc *lineChannels }

func (m digitMatcher) Match(_ int, digits string) fxschan.Match {
	p := m.lc.plan.Load()
	if p == nil {
		return fxschan.MatchMore
	}
	switch p.Dialled(digits) {
	case dialplan.DialComplete:
		return fxschan.MatchComplete
	case dialplan.DialInvalid:
		return fxschan.MatchInvalid
	}
	return fxschan.MatchMore
}

// up is the dial plan's LineUp: FXO lines and GSM modules answer for
// themselves; trunks are up when enabled.
func (lc *lineChannels) up(kind, name string) bool {
	switch kind {
	case "fxo":
		return lc.fxo != nil && lc.fxo.Up(name)
	case "gsm":
		return lc.gsm != nil && lc.gsm.Up(name)
	}
	return true
}

// addDialers adds the channels' dialers by kind.
func (lc *lineChannels) addDialers(d map[string]call.Dialer) {
	if lc.fxs != nil {
		d["fxs"] = lc.fxs
	}
	if lc.fxo != nil {
		d["fxo"] = lc.fxo
	}
	if lc.gsm != nil {
		d["gsm"] = lc.gsm
	}
}

// start hands the channels' inbound calls to sw and pushes their stops.
func (lc *lineChannels) start(ctx context.Context, stack *stopStack, sw *call.Switch) error {
	if lc.fxs != nil {
		if err := lc.fxs.Start(ctx, sw); err != nil {
			return fmt.Errorf("pbxd: %w", err)
		}
		stack.push("FXS channel", lc.fxs.Stop)
	}
	if lc.fxo != nil {
		if err := lc.fxo.Start(ctx, sw); err != nil {
			return fmt.Errorf("pbxd: %w", err)
		}
		stack.push("FXO channel", lc.fxo.Stop)
	}
	if lc.gsm != nil {
		if err := lc.gsm.Start(ctx, sw); err != nil {
			return fmt.Errorf("pbxd: %w", err)
		}
		stack.push("GSM channel", lc.gsm.Stop)
	}
	return nil
}
