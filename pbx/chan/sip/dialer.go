package sip

import (
	"context"
	"fmt"

	"github.com/emiago/sipgo/sip"

	"github.com/hookflash/firmware/pbx/call"
)

// Dialers returns the channel's call.Dialer for each kind it serves:
// "sip" rings an extension's registered phones, "trunk" calls out through
// a SIP trunk (addresses made by call.TrunkAddress). pbxd passes them to
// call.New.
func (c *Channel) Dialers() map[string]call.Dialer {
	return map[string]call.Dialer{"sip": extensionDialer{c}, "trunk": trunkDialer{c}}
}

// extensionDialer rings every reachable registered contact of an
// extension at once; the first to answer wins and the others are
// cancelled.
type extensionDialer struct{ c *Channel }

// Dial implements call.Dialer. It fails with call.CauseNotFound when the
// extension does not exist and call.CauseUnavailable when it has no
// reachable phone.
func (d extensionDialer) Dial(ctx context.Context, number string, from call.Party) (call.Leg, error) {
	c := d.c
	ext, ok := c.conf.Load().extensions[number]
	if !ok {
		return nil, call.CauseNotFound
	}
	var targets []target
	for _, b := range c.reg.Lookup(number) {
		if !b.Reachable {
			continue
		}
		var u sip.Uri
		if err := sip.ParseUri(b.Contact, &u); err != nil {
			continue
		}
		targets = append(targets, target{uri: u, transport: transportOf(b.Transport), addr: b.Source})
	}
	if len(targets) == 0 {
		return nil, call.CauseUnavailable
	}
	to := sip.Uri{Scheme: "sip", User: number, Host: c.host()}
	return c.dialOut(ctx, "sip/"+number, call.Party{Number: number, Name: ext.Name}, from, c.host(), to, targets, nil, nil)
}

// trunkDialer calls a number through a trunk.
type trunkDialer struct{ c *Channel }

// Dial implements call.Dialer for an address "trunk/number". The caller ID
// shown to the provider is from: From and P-Asserted-Identity (RFC 3325)
// carry its number; a restricted one goes out as anonymous with Privacy: id
// (RFC 3323). It fails with call.CauseUnavailable when the trunk is unknown,
// disabled or not registered, and call.CauseCongestion when its channels
// are all in use.
func (d trunkDialer) Dial(ctx context.Context, address string, from call.Party) (call.Leg, error) {
	c := d.c
	name, number, ok := call.SplitTrunkAddress(address)
	if !ok {
		return nil, fmt.Errorf("sip: trunk address %q: want trunk/number", address)
	}
	t, ok := c.trunks.get(name)
	if !ok || !t.cfg.Enabled || !t.up() {
		return nil, call.CauseUnavailable
	}
	if !t.acquire() {
		return nil, call.CauseCongestion
	}
	tgt := t.target(number)
	to := sip.Uri{Scheme: "sip", User: number, Host: t.cfg.Host}
	edit := func(req *sip.Request) {
		if from.Number != "" {
			pai := sip.Uri{Scheme: "sip", User: from.Number, Host: t.cfg.Host}
			req.AppendHeader(sip.NewHeader("P-Asserted-Identity", "<"+pai.String()+">"))
		}
		if from.Restricted {
			req.AppendHeader(sip.NewHeader("Privacy", "id"))
		}
	}
	return c.dialOut(ctx, "trunk/"+name, call.Party{Number: number}, from, t.cfg.Host, to, []target{tgt}, t, edit)
}
