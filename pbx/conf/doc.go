// Package conf is the conference bridge: rooms by number in which every
// party hears everyone else but not itself.
//
// A Service is a call.Dialer for the switch's "conf" channel kind: ringing
// the target conf/<room> joins the room (it answers at once) and bridging
// the caller to that leg puts the caller in the conference. Any call can
// join this way, from an extension or from outside; a PIN, when a room has
// one, is asked for before ringing (the scenario's conference element does
// it with CollectDigits).
//
// Each room runs one loop paced by a 20 ms ticker (so tests run it under
// testing/synctest): it takes one frame from every party, mixes them with
// dsp.Mixer so that each hears the sum of the others, adds the join and
// leave tones, and hands each party its frame. A room exists from its first
// party to its last: the loop ends when the room is empty.
package conf
