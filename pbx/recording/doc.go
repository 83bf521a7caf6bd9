// Package recording records calls: a Writer taps a call's bridges
// (call.Tap) and writes both directions as one stereo WAV file in the data
// directory's recordings folder, the caller on the left channel and the
// party bridged to it on the right, 8 kHz 16-bit PCM. A file is written
// under a temporary name and renamed when the call ends, so that a crash
// never leaves half a recording under its final name; Expire deletes the
// recordings the retention setting no longer keeps.
package recording
