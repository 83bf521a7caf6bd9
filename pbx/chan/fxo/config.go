package fxo

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hookflash/firmware/pbx/dsp"
)

// lineConfig is a line's row of fxo_lines, as one immutable value swapped
// in after each change (STYLE rule 7): a call in progress keeps the tone
// plan it started with.
type lineConfig struct {
	configured bool // the store has a row for the port
	name       string
	number     string
	country    string
	enabled    bool
	plan       *dsp.TonePlan // the country's tones, or DefaultCountry's
}

// reload reads fxo_lines and gives each line its row. A failed read
// leaves the running configuration as it was.
func (c *Channel) reload(ctx context.Context) error {
	rows, err := c.o.Store.FXOLines().List(ctx)
	if err != nil {
		return fmt.Errorf("fxo: read lines: %w", err)
	}
	plans := map[string]*dsp.TonePlan{}
	planOf := func(country string) *dsp.TonePlan {
		if p, ok := plans[country]; ok {
			return p
		}
		p, err := dsp.BuiltinPlan(country)
		if err != nil {
			c.log.Warn("fxo: no tone plan for the line's country; using the default country's", "country", country, "default", c.o.DefaultCountry)
			p, _ = dsp.BuiltinPlan(c.o.DefaultCountry) // checked by New
		}
		plans[country] = &p
		return &p
	}
	cfgs := make([]lineConfig, len(c.lines))
	for i, l := range c.lines {
		cfgs[i] = lineConfig{name: strconv.Itoa(l.port), country: c.o.DefaultCountry}
		for _, r := range rows {
			if r.Port == l.port {
				cfgs[i] = lineConfig{configured: true, name: r.Name, number: r.Number, country: r.Country, enabled: r.Enabled}
				break
			}
		}
		cfgs[i].plan = planOf(cfgs[i].country)
	}
	for _, r := range rows {
		if c.lineByPort(r.Port) == nil {
			c.log.Warn("fxo: the store has a line on a port the board does not have", "port", r.Port, "name", r.Name)
		}
	}
	for i, l := range c.lines {
		l.setConfig(cfgs[i])
	}
	return nil
}

// lineByPort returns the line on port, or nil.
func (c *Channel) lineByPort(port int) *line {
	for _, l := range c.lines {
		if l.port == port {
			return l
		}
	}
	return nil
}

// lineByName returns the line whose configured name is name, or else the
// line on port name ("2"), or nil.
func (c *Channel) lineByName(name string) *line {
	for _, l := range c.lines {
		if l.config().name == name {
			return l
		}
	}
	if n, err := strconv.Atoi(name); err == nil {
		return c.lineByPort(n)
	}
	return nil
}
