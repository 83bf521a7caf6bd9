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
package call
