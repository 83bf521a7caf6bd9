// Package backup writes and restores a whole box: its database and its data
// files (prompts, voicemail, recordings) in one archive.
//
// An archive is a gzip-compressed tar file with, in this order:
//
//	pbx.db                  a consistent snapshot of the database (VACUUM INTO)
//	prompts/..., voicemail/..., recordings/...
//	                        the data folders' plain files, by path
//	manifest.json           a Manifest: format, schema, firmware, time, and
//	                        every other member's size and SHA-256
//
// The manifest comes last because Write streams the archive in one pass and
// knows the checksums only at the end; Restore reads the whole archive into
// a staging folder before it trusts any of it, so the order does not matter
// to it.
//
// Restore checks everything before it changes anything: a known format, a
// schema no newer than the firmware's, safe relative paths only (no "..", no
// absolute paths, no links or devices), the checksums, and sizes within
// bounds and within the free space. It then replaces the database in place
// (store.Store.RestoreSnapshot), so a running pbxd keeps its open store and
// its subscribers hear of the change, and swaps each data folder for the
// restored one by renaming.
package backup
