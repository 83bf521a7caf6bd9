package sip

import (
	"context"
	"errors"
	"fmt"

	"github.com/hookflash/firmware/pbx/chan/sip/registrar"
	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// config is the part of the store the channel works from, as one immutable
// snapshot swapped in after each change (STYLE rule 7: prepare the new,
// then swap; calls in progress keep their legs).
type config struct {
	realm      string
	extensions map[string]store.Extension // by number
	ringback   dsp.Tone                   // the country's, for callers that get in-band ringback
}

// countrySetting is the settings key of the box's country (ISO 3166
// alpha-2), whose tone plan gives the ringback tone; pbxd's inventory
// writes it. Without it the box's default country applies.
const (
	countrySetting = "country"
	defaultCountry = "RU"
)

// reload reads the configuration from the store and applies it: the
// registrar's directory and the trunks. A failed read leaves the running
// configuration as it was.
func (c *Channel) reload(ctx context.Context) error {
	st := c.o.Store
	realm := sipauth.DefaultRealm
	if err := st.GetSetting(ctx, sipauth.RealmSetting, &realm); err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("sip: read realm: %w", err)
	}
	var algs []string
	if err := st.GetSetting(ctx, sipauth.AlgorithmsSetting, &algs); err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("sip: read digest algorithms: %w", err)
	}
	for _, a := range algs {
		if a != sipauth.MD5 && a != sipauth.SHA256 {
			return fmt.Errorf("sip: setting %s: unknown digest algorithm %q: use MD5 or SHA-256", sipauth.AlgorithmsSetting, a)
		}
	}
	country := defaultCountry
	if err := st.GetSetting(ctx, countrySetting, &country); err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("sip: read country: %w", err)
	}
	plan, err := dsp.BuiltinPlan(country)
	if err != nil {
		return fmt.Errorf("sip: setting %s: %w", countrySetting, err)
	}
	exts, err := st.Extensions().List(ctx)
	if err != nil {
		return fmt.Errorf("sip: read extensions: %w", err)
	}
	devs, err := st.SIPDevices().List(ctx)
	if err != nil {
		return fmt.Errorf("sip: read devices: %w", err)
	}
	trunks, err := st.SIPTrunks().List(ctx)
	if err != nil {
		return fmt.Errorf("sip: read trunks: %w", err)
	}
	cfg := &config{realm: realm, extensions: make(map[string]store.Extension, len(exts)), ringback: plan.Ringback}
	byID := make(map[int64]store.Extension, len(exts))
	for _, e := range exts {
		cfg.extensions[e.Number] = e
		byID[e.ID] = e
	}
	devices := make([]registrar.Device, 0, len(devs))
	for _, d := range devs {
		e, ok := byID[d.ExtensionID]
		if !ok {
			continue
		}
		devices = append(devices, registrar.Device{
			Username: d.Username, Extension: e.Number, Name: e.Name,
			HA1MD5: d.HA1MD5, HA1SHA256: d.HA1SHA256,
		})
	}
	dir := registrar.NewDirectory(realm, devices)
	dir.Algorithms = algs
	c.reg.SetDirectory(dir)
	c.conf.Store(cfg)
	c.trunks.apply(trunks)
	return nil
}
