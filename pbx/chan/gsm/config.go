package gsm

import (
	"context"
	"fmt"
	"strings"

	"github.com/hookflash/firmware/pbx/store"
)

// moduleConf is one module's configuration: its gsm_modules row and its
// options.
type moduleConf struct {
	id        int64
	name      string
	simNumber string
	enabled   bool
	opts      ModuleOptions
}

// config is what the channel reads from the store. It is replaced whole on
// every change and never modified, so calls in progress keep the one they
// started with.
type config struct {
	bySlot  map[int]*moduleConf
	mobiles map[string]store.Extension // by mobileKey of the extension's mobile
}

// loadConfig reads the modules, their options and the extensions' mobile
// numbers.
func loadConfig(ctx context.Context, st *store.Store, lim Limits) (*config, error) {
	mods, err := st.GSMModules().List(ctx)
	if err != nil {
		return nil, fmt.Errorf("gsm: read modules: %w", err)
	}
	exts, err := st.Extensions().List(ctx)
	if err != nil {
		return nil, fmt.Errorf("gsm: read extensions: %w", err)
	}
	cfg := &config{bySlot: map[int]*moduleConf{}, mobiles: map[string]store.Extension{}}
	for _, m := range mods {
		mc := &moduleConf{id: m.ID, name: m.Name, simNumber: m.SIMNumber, enabled: m.Enabled}
		if lim != nil {
			if mc.opts, err = lim.Options(ctx, m.ID); err != nil {
				return nil, fmt.Errorf("gsm: read options of module %q: %w", m.Name, err)
			}
		}
		cfg.bySlot[m.Slot] = mc
	}
	for _, e := range exts {
		if k := mobileKey(e.Mobile); k != "" {
			cfg.mobiles[k] = e
		}
	}
	return cfg, nil
}

// mobileKey is the form in which a mobile number and a caller ID are
// compared: the last 10 digits (the national significant number of
// +7 and NANP numbers), so "+79161234567", "89161234567" and
// "9161234567" match; shorter numbers compare whole. "" for no digits.
func mobileKey(number string) string {
	var b strings.Builder
	for _, c := range number {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	k := b.String()
	if len(k) > 10 {
		k = k[len(k)-10:]
	}
	return k
}

// extensionFor returns the extension whose mobile number is caller.
func (c *config) extensionFor(caller string) (store.Extension, bool) {
	k := mobileKey(caller)
	if k == "" {
		return store.Extension{}, false
	}
	e, ok := c.mobiles[k]
	return e, ok
}
