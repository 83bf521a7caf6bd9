// Package tts speaks text as call audio: speech synthesis for greetings,
// menus and messages with variables.
//
// Synth is what scenarios and voicemail use; Espeak implements it with the
// espeak-ng program (Debian's espeak-ng package on a development machine and
// in CI). The text is written to the program's standard input, never to its
// arguments and never through a shell, so nothing in it can be taken as an
// option; the program's WAV output (22.05 kHz) is parsed by pbx/prompt and
// resampled to 8 kHz by pbx/dsp as it streams.
//
// The board's image ships espeak or flite rather than espeak-ng; espeak
// takes the same options, so Espeak runs it given its path, and flite would
// need a Synth of its own.
package tts
