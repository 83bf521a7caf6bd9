package fxs

import (
	"context"
	"fmt"
	"time"

	"github.com/hookflash/firmware/drivers/fxs"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// portConfig is one port's settings, as a call uses them from start to end.
type portConfig struct {
	ext        call.Party // the port's extension; Number "" when unassigned
	fax        bool
	callerID   string // one of store.CallerID*
	country    string
	hotline    string
	echoCancel bool
	plan       *dsp.TonePlan
	ringing    fxs.Ringing
}

// config is the part of the store the channel works from, as one immutable
// snapshot swapped in after each change (STYLE rule 7: prepare the new, then
// swap; calls in progress keep the portConfig they took).
type config struct {
	ports map[int]*portConfig
	byExt map[string]int    // extension number -> port
	names map[string]string // extension number -> name, for caller ID
}

// defaultPort returns the settings of a port that the store does not list.
func (c *Channel) defaultPort() *portConfig {
	plan, rg := c.plans[c.o.Country], c.ringings[c.o.Country]
	return &portConfig{callerID: store.CallerIDOff, country: c.o.Country, echoCancel: true, plan: plan, ringing: rg}
}

// port returns the settings of port n.
func (cfg *config) port(c *Channel, n int) *portConfig {
	if pc, ok := cfg.ports[n]; ok {
		return pc
	}
	return c.defaultPort()
}

// load reads the configuration from the store into a new snapshot.
func (c *Channel) load(ctx context.Context) (*config, error) {
	cfg := &config{ports: map[int]*portConfig{}, byExt: map[string]int{}, names: map[string]string{}}
	st := c.o.Store
	if st == nil {
		return cfg, nil
	}
	exts, err := st.Extensions().List(ctx)
	if err != nil {
		return nil, fmt.Errorf("fxs: read extensions: %w", err)
	}
	ports, err := st.FXSPorts().List(ctx)
	if err != nil {
		return nil, fmt.Errorf("fxs: read ports: %w", err)
	}
	byID := make(map[int64]store.Extension, len(exts))
	for _, e := range exts {
		byID[e.ID] = e
		cfg.names[e.Number] = e.Name
	}
	for _, p := range ports {
		pc := &portConfig{
			fax: p.Mode == store.FXSFax, callerID: p.CallerID, country: p.Country,
			hotline: p.Hotline, echoCancel: p.EchoCancel,
		}
		if p.ExtensionID != nil {
			if e, ok := byID[*p.ExtensionID]; ok {
				pc.ext = call.Party{Number: e.Number, Name: e.Name}
				cfg.byExt[e.Number] = p.Port
			}
		}
		pc.plan, pc.ringing = c.countryTones(p.Country)
		cfg.ports[p.Port] = pc
	}
	return cfg, nil
}

// countryTones returns the tone plan and ringing of a country, falling
// back to Opts.Country's for a country the firmware has no plan for.
func (c *Channel) countryTones(country string) (*dsp.TonePlan, fxs.Ringing) {
	if p, ok := c.plans[country]; ok {
		return p, c.ringings[country]
	}
	c.log.Warn("fxs: no tone plan for the port's country; using the default country's", "country", country, "default", c.o.Country)
	return c.plans[c.o.Country], c.ringings[c.o.Country]
}

// ringingOf returns a country's ringing: the driver's table, else the tone
// plan's cadence at 25 Hz.
func ringingOf(country string, p *dsp.TonePlan) fxs.Ringing {
	if rg, ok := fxs.CountryRinging(country); ok {
		return rg
	}
	cad := make(fxs.Cadence, len(p.Ring))
	for i, ms := range p.Ring {
		cad[i] = time.Duration(ms) * time.Millisecond
	}
	return fxs.Ringing{Hz: 25, Cadence: cad}
}

// reload loads a new snapshot and swaps it in; a failed load leaves the
// running one.
func (c *Channel) reload(ctx context.Context) error {
	cfg, err := c.load(ctx)
	if err != nil {
		return err
	}
	c.conf.Store(cfg)
	return nil
}
