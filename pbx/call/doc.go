// Package call is the switch: legs, calls, bridges and a stream of call
// events. It knows no protocol and no chip.
//
// A Leg is one side of a conversation on one channel: a registered SIP
// phone, a SIP trunk, an FXS port, an FXO line, a GSM module. Channel
// drivers implement Leg (and Dialer, to place outbound legs); the switch
// joins legs with a bridge, whatever their channel. A Call is what the
// scenario engine drives, through the Control interface: ring, answer, play,
// collect digits, record, bridge, transfer, hang up. When a call ends its
// parties, times, causes and media statistics become a call record.
//
// # Calls
//
// A channel driver hands each new inbound leg to Switch.Incoming. The
// switch reads the leg's events from then on, and runs Options.Handler for
// the call in a goroutine of its own; the handler drives the call through
// Control. The call ends when the handler returns (or, should it not, 2 s
// after every leg of the call has hung up): the legs still up are hung up,
// one call record is written, and the live event stream (Switch.Subscribe)
// reports CallEnded. The handler's context is cancelled when the caller
// hangs up.
//
// Each leg of a call costs one goroutine that reads its events; a bridge
// with PCM media two more, one per direction, while it lasts; the handler
// one. Frames are reused: the pump allocates nothing per frame.
//
// # Fax tones
//
// A handler that asks a call for its FaxTone (FaxDetector) learns when the
// caller sends a fax tone: from the caller's channel when it listens for
// them (FXO), otherwise from the switch's own detector on the caller's
// PCM, in the bridge's pump and, between bridges, from one more goroutine
// that reads the caller while nothing else does. A relayed bridge decodes
// nothing and is not listened to. Calls whose handler does not ask cost
// nothing more.
//
// # Hold and transfer
//
// A handler reads Transferrer from its Control to act on any leg of the
// call, also after the caller hung up: Hold plays music (or ringback) to a
// leg, Consult rings a third party while other legs are watched for a
// flash or a hang-up, and Join bridges any two legs. A hook flash (an
// analog phone's register recall) followed by a second number, a blind or
// an attended transfer, and swapping between two parties are built from
// them; a leg that can dial a second number in a call implements
// NumberCollector.
//
// # What the switch expects of channel drivers
//
// A leg reports every end with EventHangup and then closes Events, also
// when the switch ended it with Hangup or by cancelling the Dial context;
// the switch waits up to 5 s for that report before it stops reading. Audio
// does not keep the *Frame it is given or fills after the call returns, and
// ReadFrame returns within about a frame time (a jitter buffer conceals lost
// frames rather than waiting for them), so that a bridge can stop its pump
// promptly.
package call
