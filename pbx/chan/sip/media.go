package sip

import (
	"context"

	"github.com/hookflash/firmware/pbx/call"
)

// MediaSession is what the channel needs of one leg's RTP session; a
// *media.Session of pbx/media is one. The leg hands it to the switch as its
// call.Audio, so the switch sees its Relayer and StatsReporter methods too.
type MediaSession interface {
	call.Audio
	// Offer returns the local SDP offer.
	Offer() []byte
	// Answer takes the far end's offer and returns the local answer.
	Answer(remoteOffer []byte) ([]byte, error)
	// SetRemote takes the far end's answer, or a new offer in a re-INVITE.
	SetRemote(sdp []byte) error
	// Start starts sending and receiving RTP.
	Start()
	// OnTimeout registers what to do when no RTP arrived for the
	// configured media timeout.
	OnTimeout(fn func())
	// Digits delivers RFC 4733 digits received.
	Digits() <-chan byte
	// SendDigits sends RFC 4733 digits.
	SendDigits(ctx context.Context, digits string) error
	// RemoteHolds reports whether the far end's last SDP puts the call on
	// hold (a=sendonly, a=inactive or c=0.0.0.0).
	RemoteHolds() bool
	// Codec names the negotiated codec.
	Codec() string
	// Prefer names the codec a first offer lists first: the caller's
	// (call.CallerCodec), so that the bridge can relay.
	Prefer(codec string)
	// Close ends the session and frees its ports.
	Close() error
}

// DigitNotifier is a MediaSession that can hand each RFC 4733 digit to a
// function instead of queueing it on Digits. The leg of such a session
// needs no goroutine of its own to read Digits: two fewer goroutines and
// their stacks, some 8 KB, per call. fn is called on the session's
// receiving goroutine and must not block.
type DigitNotifier interface {
	OnDigit(fn func(digit byte))
}

// NewMediaSession creates a media session for a new leg. pbxd passes a
// function that calls (*media.Engine).NewSession.
type NewMediaSession func() (MediaSession, error)
