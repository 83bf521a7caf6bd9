package backup

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/datadir"
	"github.com/hookflash/firmware/pbx/store"
)

// FormatVersion is the archive format that Write writes and the newest that
// Restore reads.
const FormatVersion = 1

// Names of the archive members that are not data files.
const (
	manifestName = "manifest.json"
	dbName       = "pbx.db"
)

// Bounds on what Restore accepts, in bytes unless said otherwise.
const (
	maxManifestSize = 16 << 20
	maxFileSize     = int64(8 << 30)
	maxTotalSize    = int64(64 << 30)
	maxFiles        = 200_000         // members
	spareSpace      = int64(64 << 20) // left free on the data partition
)

// Manifest describes an archive. It is the archive's member manifest.json.
type Manifest struct {
	Format   int       `json:"format"`   // FormatVersion of the writer
	Schema   int       `json:"schema"`   // store.SchemaVersion of the database
	Firmware string    `json:"firmware"` // version of the firmware that wrote it
	Created  time.Time `json:"created"`
	Files    []File    `json:"files"` // every member but the manifest, in archive order
}

// File is one member of an archive.
type File struct {
	Name   string `json:"name"`   // slash-separated path: pbx.db, prompts/welcome.wav
	Size   int64  `json:"size"`   // bytes
	SHA256 string `json:"sha256"` // hex
}

// folders returns the names of the data folders that an archive holds.
func folders(dataDir string) []string {
	var names []string
	for _, p := range datadir.Dir(dataDir).Folders() {
		names = append(names, filepath.Base(p))
	}
	return names
}

// checkName checks that name is a member an archive may have besides the
// manifest: pbx.db, or a clean relative path inside a data folder.
func checkName(name string, folders []string) error {
	if name == dbName {
		return nil
	}
	first, _, _ := strings.Cut(name, "/")
	if !fs.ValidPath(name) || !filepath.IsLocal(name) || strings.ContainsRune(name, 0) || len(name) > 1024 {
		return fmt.Errorf("%q is not a safe relative path", name)
	}
	if !slices.Contains(folders, first) || first == name {
		return fmt.Errorf("%q is not a file inside one of the folders %s", name, strings.Join(folders, ", "))
	}
	return nil
}

// parseManifest reads and checks a manifest: a format this firmware reads
// and a schema no newer than its own. The file list is checked against the
// archive by the caller.
func parseManifest(data []byte) (*Manifest, error) {
	var head struct {
		Format int `json:"format"`
		Schema int `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("backup: manifest.json is damaged: %w", err)
	}
	switch {
	case head.Format > FormatVersion:
		return nil, fmt.Errorf("backup: this backup has archive format %d, newer than this firmware knows (%d): update the firmware before restoring", head.Format, FormatVersion)
	case head.Format < 1:
		return nil, errors.New("backup: manifest.json names no known archive format: this is not a Hookflash backup")
	case head.Schema > store.SchemaVersion():
		return nil, fmt.Errorf("backup: this backup is from a newer firmware (schema %d; this firmware knows %d): update the firmware before restoring", head.Schema, store.SchemaVersion())
	case head.Schema < 1:
		return nil, errors.New("backup: manifest.json names no schema")
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("backup: manifest.json is damaged: %w", err)
	}
	return &m, nil
}

// checkFiles compares the manifest's file list with the members that the
// archive had.
func (m *Manifest) checkFiles(got map[string]File) error {
	listed := map[string]bool{}
	for _, f := range m.Files {
		if listed[f.Name] {
			return fmt.Errorf("backup: manifest.json lists %s twice", f.Name)
		}
		listed[f.Name] = true
		g, ok := got[f.Name]
		switch {
		case !ok:
			return fmt.Errorf("backup: %s is in the manifest but not in the archive: the archive is incomplete", f.Name)
		case g.Size != f.Size:
			return fmt.Errorf("backup: %s has %d bytes but the manifest says %d: the archive is damaged or was changed", f.Name, g.Size, f.Size)
		case !strings.EqualFold(g.SHA256, f.SHA256):
			return fmt.Errorf("backup: %s does not match its checksum in the manifest: the archive is damaged or was changed", f.Name)
		}
	}
	for name := range got {
		if !listed[name] {
			return fmt.Errorf("backup: %s is in the archive but not in its manifest: the archive was changed", name)
		}
	}
	if !listed[dbName] {
		return errors.New("backup: the archive has no pbx.db")
	}
	return nil
}
