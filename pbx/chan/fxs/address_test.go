package fxs

import (
	"errors"
	"testing"

	"github.com/hookflash/firmware/pbx/call"
)

// FuzzDialAddress: any address a scenario or dial plan hands to Dial
// resolves to a port of the box or fails with CauseUnavailable.
func FuzzDialAddress(f *testing.F) {
	for _, s := range []string{"101", "port/1", "port/2", "port/", "port/-1", "port/01", "", "102/x", "port/999999999999999999999"} {
		f.Add(s)
	}
	c := &Channel{ports: map[int]*port{1: {n: 1}, 2: {n: 2}}}
	c.conf.Store(&config{byExt: map[string]int{"101": 1, "105": 5}})
	f.Fuzz(func(t *testing.T, address string) {
		n, err := c.portOf(address)
		if err != nil {
			if !errors.Is(err, call.CauseUnavailable) {
				t.Errorf("portOf(%q) = %v; want an error wrapping CauseUnavailable", address, err)
			}
			return
		}
		if c.ports[n] == nil {
			t.Errorf("portOf(%q) = %d; the box has no such port", address, n)
		}
	})
}
