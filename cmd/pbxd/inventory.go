package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/store"
)

// countrySetting is the settings key of the box's country (ISO 3166
// alpha-2), which new ports take for their tones and ring cadence.
const countrySetting = "country"

// takeInventory makes sure the store has a row for each port of the board,
// opened or failed:
// an FXS port, FXO line or GSM module the admin can then set up. Rows of
// ports the board has are never removed or changed here; a new port gets
// the box's country and, for an FXS port, the caller ID its country uses.
func takeInventory(ctx context.Context, st *store.Store, hw *hardware, log *slog.Logger) error {
	country := "RU"
	if err := st.GetSetting(ctx, countrySetting, &country); err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("pbxd: setting %q: %w", countrySetting, err)
	}
	// The three tables alone, not the whole configuration (Export), which
	// takes ten times as long at each start.
	fxsPorts, err := st.FXSPorts().List(ctx)
	if err != nil {
		return fmt.Errorf("pbxd: %w", err)
	}
	fxoLines, err := st.FXOLines().List(ctx)
	if err != nil {
		return fmt.Errorf("pbxd: %w", err)
	}
	gsmModules, err := st.GSMModules().List(ctx)
	if err != nil {
		return fmt.Errorf("pbxd: %w", err)
	}
	fxs, fxo, gsm := map[int]bool{}, map[int]bool{}, map[int]bool{}
	for _, p := range fxsPorts {
		fxs[p.Port] = true
	}
	for _, l := range fxoLines {
		fxo[l.Port] = true
	}
	for _, g := range gsmModules {
		gsm[g.Slot] = true
	}
	var errs []error
	added := 0
	add := func(err error) {
		if err == nil {
			added++
		}
		errs = append(errs, err)
	}
	for n := 1; n <= hw.ports(hal.KindFXS); n++ {
		if !fxs[n] {
			callerID := store.CallerIDETSIAfterRing
			if country == "US" || country == "CA" {
				callerID = store.CallerIDBell202
			}
			add(st.FXSPorts().Create(ctx, &store.FXSPort{Port: n, Mode: store.FXSVoice, CallerID: callerID, Country: country, EchoCancel: true}))
		}
	}
	for n := 1; n <= hw.ports(hal.KindFXO); n++ {
		if !fxo[n] {
			add(st.FXOLines().Create(ctx, &store.FXOLine{Port: n, Name: fmt.Sprintf("Line %d", n), Country: country, Enabled: true}))
		}
	}
	for n := 1; n <= hw.ports(hal.KindGSM); n++ {
		if !gsm[n] {
			add(st.GSMModules().Create(ctx, &store.GSMModule{Slot: n, Name: fmt.Sprintf("GSM %d", n), Enabled: true}))
		}
	}
	if added > 0 {
		log.Info("new ports added to the configuration", "count", added)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("pbxd: inventory: %w", err)
	}
	return nil
}
