package call_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// codecLeg is a caller whose channel negotiated codec.
type codecLeg struct {
	*calltest.Leg
	codec string
}

func (l codecLeg) Codec() string { return l.codec }

// codecDialer reports the caller's codec each Dial carries, and is busy.
type codecDialer chan string

func (d codecDialer) Dial(ctx context.Context, address string, from call.Party) (call.Leg, error) {
	d <- call.CallerCodec(ctx)
	return nil, call.CauseBusy
}

// A Dial's context names the caller's codec, so the callee can be offered
// it first: a SIP caller's negotiated one, "pcm" for an analog or GSM
// caller, nothing when the SIP caller has none yet.
func TestDialCarriesCallerCodec(t *testing.T) {
	tests := []struct {
		name   string
		caller call.Leg
		want   string
	}{
		{"SIP caller in PCMA", codecLeg{calltest.NewLeg("trunk/Provider", call.Party{Number: "+74951234567"}), "PCMA"}, "PCMA"},
		{"SIP caller in G.722", codecLeg{calltest.NewLeg("sip/102", call.Party{Number: "102"}), "G722"}, "G722"},
		{"SIP caller not negotiated", codecLeg{calltest.NewLeg("sip/103", call.Party{Number: "103"}), ""}, ""},
		{"analog caller", calltest.NewLeg("fxs/1", call.Party{Number: "104"}), call.CodecPCM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				got := make(codecDialer, 1)
				sw := call.New(call.Options{
					Dialers: map[string]call.Dialer{"sip": got},
					Handler: func(ctx context.Context, c call.Control) {
						c.Ring(ctx, []call.Target{{Kind: "sip", Address: "101"}}, time.Second)
					},
					Records: &calltest.Records{},
					Logger:  quietLogger(),
				})
				defer sw.Shutdown(context.Background())
				sw.Incoming(tt.caller, "101")
				if codec := <-got; codec != tt.want {
					t.Errorf("the Dial's caller codec = %q; want %q", codec, tt.want)
				}
			})
		})
	}
}
