package sip

import "github.com/hookflash/firmware/pbx/call"

// Switch takes the calls that arrive on the channel: the SIP channel hands
// every inbound leg to it, on a goroutine of its own, with the number the
// caller dialled (an extension, or a DID for calls from a trunk). The
// switch of pbx/call implements it.
type Switch interface {
	Incoming(leg call.Leg, called string)
}
