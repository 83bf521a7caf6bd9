// Package prompt turns uploaded audio into the box's prompt format and plays
// prompts back as call audio.
//
// The box's format is a WAV file of 8 kHz, 16-bit, mono linear PCM in the
// data directory's prompts folder. A Converter accepts an upload of at most
// 2 MB in one of:
//
//   - WAV (RIFF WAVE): linear PCM of 8 or 16 bits, G.711 A-law or µ-law
//     (format tags 0x0001, 0x0006 and 0x0007 of RFC 2361, also inside
//     WAVE_FORMAT_EXTENSIBLE), mono or stereo, 8 to 48 kHz;
//   - MP3 (MPEG-1/2 Layer III, decoded by github.com/hajimehoshi/go-mp3).
//
// Stereo is mixed down to mono, and other rates are converted to 8 kHz by
// pbx/dsp's Resampler, whose filter delay is removed so that the prompt
// starts and ends where the upload does. Anything else is refused with an
// error that says what is wrong and what to upload instead.
//
// A Library opens a prompt by its store ID as a call.FrameSource that
// streams from the file. OpenFile and NewSource do the same for any WAV file
// or stream the parser understands (voicemail messages, speech synthesis).
// WAVWriter writes the box's format, for recordings.
package prompt
