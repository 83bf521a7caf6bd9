package sip

import (
	"context"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
)

// TestRegisterSipp registers real sipp phones: the right password gets
// 200 over UDP and TCP, a wrong password and an unknown user both get 403.
func TestRegisterSipp(t *testing.T) {
	st := newStore(t)
	c := startChannel(t, st, nil, nil)
	tests := []struct {
		name, transport, user, password string
		want                            int
	}{
		{"right password udp", "u1", "101", testPassword, 200},
		{"right password tcp", "t1", "102", testPassword, 200},
		{"wrong password", "u1", "101", "guess", 403},
		{"unknown user", "u1", "999", testPassword, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			register(t, c, tt.transport, tt.user, tt.password, tt.want, 3600)
		})
	}
	if got := c.Registrar().Lookup("101"); len(got) != 1 || got[0].Transport != "UDP" {
		t.Errorf("Lookup(101) = %+v; want one UDP binding", got)
	}
	if got := c.Registrar().Lookup("102"); len(got) != 1 || got[0].Transport != "TCP" {
		t.Errorf("Lookup(102) = %+v; want one TCP binding", got)
	}
}

// TestRegisterFollowsStore changes a device's password in the store and
// sees the registrar accept the new one without a restart.
func TestRegisterFollowsStore(t *testing.T) {
	st := newStore(t)
	c := startChannel(t, st, nil, nil)
	ctx := context.Background()
	d, err := st.SIPDevices().FindBy(ctx, "username", "103")
	if err != nil {
		t.Fatal(err)
	}
	d.HA1MD5, d.HA1SHA256 = sipauth.HA1("103", sipauth.DefaultRealm, "new password")
	if err := st.SIPDevices().Update(ctx, &d); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the new hash to reach the registrar", 5*time.Second, func() bool {
		dev, ok := c.Registrar().Directory().Device("103")
		return ok && dev.HA1MD5 == d.HA1MD5
	})
	register(t, c, "u1", "103", "new password", 200, 3600)
	register(t, c, "u1", "103", testPassword, 403, 3600)
}
