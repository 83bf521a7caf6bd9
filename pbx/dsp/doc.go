// Package dsp is the telephony signal processing of Hookflash: G.711
// companding, call progress tones from per-country tone plans and their
// detection on FXO lines, DTMF generation and detection, FSK and DTMF
// caller ID (messages, modulation, reception, and the sequences an FXS port
// plays around them), fax and modem tone detection, conference mixing,
// automatic gain control, and resampling to 8 kHz.
//
// Everything works on 8 kHz linear PCM held in int16 samples ("16-bit PCM"),
// is pure computation (no goroutines, no I/O, no clock), and imports nothing
// of the project. Processing entry points write into buffers that the caller
// provides and allocate nothing in steady state; constructors may allocate.
// A value of any type in this package is not safe for concurrent use unless
// its documentation says so; give each channel its own generator or detector.
//
// # Levels
//
// Levels are in dBm0, the power relative to the 0 dBm0 reference of ITU-T
// G.711. In 16-bit PCM a sine wave at 0 dBm0 has a peak of [ZeroDBm0Peak]
// (about 22 827): G.711 puts the A-law overload point, a sine reaching the
// top of the A-law range (4096 in 13-bit units, 32768 in 16-bit units), at
// +3.14 dBm0. The G.711 digital milliwatt sequences (A-law 34 21 21 34 B4 A1
// A1 B4, µ-law 1E 0B 0B 1E 9E 8B 8B 9E) decode to 0.00 dBm0 and -0.07 dBm0 on
// this scale; the tests check both. A level in dBm0 always means the power of
// one sine component unless a doc comment says otherwise.
//
// # Standards followed
//
//   - ITU-T G.711 (11/88): pulse code modulation of voice frequencies, A-law
//     and µ-law encoding, decoding and A/µ conversion.
//   - ITU-T E.180/Q.35 and its supplement (the list of national tones):
//     frequencies, cadences and levels of dial, busy, ringing, congestion,
//     call waiting and special information tones.
//   - ITU-T Q.23 and Q.24: DTMF frequencies, and the receiver conditions for
//     frequency tolerance, twist, level, duration and interruption.
//   - Telcordia (Bellcore) LSSGR conditions and ETSI ES 201 235 for the DTMF
//     receiver tests (twist, dynamic range, noise).
//   - Bell 202 and ITU-T V.23: 1200 bit/s FSK (mark/space 1200/2200 Hz and
//     1300/2100 Hz) for caller ID.
//   - Telcordia GR-30-CORE and ETSI EN 300 659-1/-3: caller ID channel
//     seizure and mark signals, SDMF and MDMF messages and their checksum;
//     EN 300 659-1 on-hook sequences (line reversal, DT-AS, data before the
//     first ring or after it).
//   - DTMF caller ID: the DTMF-based protocol EN 300 659-1 keeps for
//     existing networks, as specified nationally (Sweden's A/C form with
//     information codes B00/B10, Denmark's A...# form with D1#/D2#/D3#).
//   - ITU-T T.30 (CNG, CED), V.25 (ANS, /ANS) and V.8 (ANSam, /ANSam):
//     fax and modem tones.
//   - Telcordia TR-TSY-000763 (LSSGR): the DTMF talk-off limit, scaled to
//     the length of the test's own speech and music.
//
// Facts and numbers come from the standards; the code is written for this
// project.
package dsp
