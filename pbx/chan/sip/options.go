package sip

import (
	"context"
	"fmt"

	"github.com/emiago/sipgo/sip"

	"github.com/hookflash/firmware/pbx/chan/sip/registrar"
)

// pinger qualifies registered contacts with OPTIONS (RFC 3261 section
// 11): any final response means the phone is there.
type pinger struct{ c *Channel }

// Ping sends OPTIONS to b's contact, at the address its REGISTER came from.
func (p pinger) Ping(ctx context.Context, b registrar.Binding) error {
	c := p.c
	var u sip.Uri
	if err := sip.ParseUri(b.Contact, &u); err != nil {
		return fmt.Errorf("sip: contact %q: %w", b.Contact, err)
	}
	t := target{uri: u, transport: transportOf(b.Transport), addr: b.Source}
	from := sip.Uri{Scheme: "sip", User: "hookflash", Host: c.host()}
	to := sip.Uri{Scheme: "sip", User: b.Device, Host: c.host()}
	req := c.newRequest(sip.OPTIONS, t, from, to, "", sip.GenerateTagN(10), sip.GenerateTagN(20)+"@"+c.host(), 1)
	_, err := c.do(ctx, req)
	return err
}
