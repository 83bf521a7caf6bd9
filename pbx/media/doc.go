// Package media carries the audio of SIP legs: RTP sessions on
// github.com/pion/rtp, SDP offer/answer, a passthrough relay between two
// legs with the same codec, G.711 and G.722 decode/encode through pbx/dsp
// (G.722 resampled between its 16 kHz and the switch's 8 kHz, wideband.go)
// with an adaptive jitter buffer for legs that need PCM, RFC 4733 DTMF,
// RTCP reports and a media timeout.
//
// An Engine owns a range of UDP ports on one address; each Session binds an
// RTP/RTCP port pair from it (RTCP on RTP+1). The SIP channel drives a
// Session through offer/answer (Offer, Answer, SetRemote), tells it when the
// call is answered (Start), and hands it to the switch, which uses it as a
// call.Audio, a call.Relayer and a call.StatsReporter.
//
// # Hot paths
//
// On Linux no Session has a goroutine of its own: the Engine's poller
// (rtppoll_linux.go), a few readers per CPU over edge-triggered epoll
// instances that Go's poller waits on, reads each ready RTP socket with
// recvmmsg until it is drained, so a held call costs no goroutine stack.
// Elsewhere, and for the in-memory sockets of tests, each Session reads
// its RTP socket with a goroutine. RTCP, a packet every few seconds, waits in the
// kernel with its arrival time until the session's next report, Stats or
// Close drains it. A received RTP packet is either relayed (its header
// rewritten in the receive buffer and sent from the other leg's socket), or
// copied as G.711 or G.722 codes into the jitter buffer, which ReadFrame decodes 20 ms
// at a time. A relaying session can also decode the G.711 it relays for a
// listener of the switch's (HearRelayed: the fax-tone ear), only while the
// listener wants it. Neither path allocates per packet; the benchmarks
// show it.
//
// # Dependencies
//
// RTP headers are parsed and written with github.com/pion/rtp. RTCP (SR,
// RR, SDES CNAME, BYE) and SDP are written here: the four RTCP packets
// take a page, where github.com/pion/rtcp added about 320 KB to the ARM
// binary for feedback messages a PBX never sends; and SIP phones' SDP
// needs a parser that takes session lines in any order, which the
// WebRTC-minded github.com/pion/sdp/v3 refuses (pion/sdp#163: c= after
// t= is a syntax error there).
//
// # Standards followed
//
//   - RFC 3550: RTP and RTCP; sequence number tracking and loss (A.1, A.3),
//     interarrival jitter (6.4.1, A.8), sender and receiver reports (6.4),
//     report interval (6.2), BYE (6.6).
//   - RFC 3551: static payload types 0 (PCMU), 8 (PCMA) and 9 (G722) at
//     an RTP clock of 8000 Hz (4.5.2: G.722's, though it samples at 16 kHz).
//   - RFC 4566 and RFC 3264: SDP and the offer/answer model, including hold
//     with direction attributes (3264 section 8.4) and the older c=0.0.0.0.
//   - RFC 4733: telephone-events for DTMF, sending (2.5.1) and receiving
//     (2.5.2).
//   - RFC 4961: symmetric RTP; the remote address is latched to where
//     packets come from so that phones behind NAT are reached.
//   - RFC 3605: the a=rtcp attribute for an RTCP port other than RTP+1.
package media
