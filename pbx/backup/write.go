package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// Write writes a backup archive of the box to w: a snapshot of st's
// database, the plain files of the data folders under dataDir, and the
// manifest naming firmwareVersion. The box keeps running meanwhile; the
// snapshot is consistent, and a data file that grows while it is read is
// taken as it was when Write reached it. Links and other special files
// inside the data folders are left out. The snapshot is made in a temporary
// folder inside dataDir, which Write removes.
//
// w sees a partial archive if Write fails; write to a temporary file and
// rename it when Write returns nil.
func Write(ctx context.Context, st *store.Store, dataDir string, w io.Writer, firmwareVersion string) error {
	tmp, err := os.MkdirTemp(dataDir, ".backup-")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(tmp)
	snap := filepath.Join(tmp, dbName)
	if err := st.Snapshot(ctx, snap); err != nil {
		return fmt.Errorf("backup: %w", err)
	}

	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	m := Manifest{
		Format:   FormatVersion,
		Schema:   store.SchemaVersion(),
		Firmware: firmwareVersion,
		Created:  time.Now().UTC().Truncate(time.Second),
		Files:    []File{},
	}
	names := folders(dataDir)
	if err := addFile(ctx, tw, &m, dbName, snap, names); err != nil {
		return err
	}
	for _, folder := range names {
		// The folder itself may be a link, say to a memory card; links
		// inside it are not followed.
		root, err := filepath.EvalSymlinks(filepath.Join(dataDir, folder))
		if errors.Is(err, fs.ErrNotExist) {
			continue // a folder the box has not made yet
		}
		if err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if !d.Type().IsRegular() {
				return nil // folders are implied by their files
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			return addFile(ctx, tw, &m, folder+"/"+filepath.ToSlash(rel), path, names)
		})
		if err != nil {
			return fmt.Errorf("backup: %s: %w", folder, err)
		}
	}

	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: manifestName, Size: int64(len(manifest)), Mode: 0o600, ModTime: m.Created}
	if err := tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("backup: write: %w", err)
	}
	if _, err := tw.Write(manifest); err != nil {
		return fmt.Errorf("backup: write: %w", err)
	}
	if err := errors.Join(tw.Close(), gz.Close()); err != nil {
		return fmt.Errorf("backup: write: %w", err)
	}
	return nil
}

// addFile adds the file at path to the archive as the member name and lists
// it in m.
func addFile(ctx context.Context, tw *tar.Writer, m *Manifest, name, path string, folders []string) error {
	if err := checkName(name, folders); err != nil {
		return fmt.Errorf("backup: cannot back up %s: %w; rename it", path, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	size := fi.Size()
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600, ModTime: fi.ModTime().UTC().Truncate(time.Second)}
	if err := tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("backup: write %s: %w", name, err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tw, h), io.LimitReader(ctxReader{ctx, f}, size))
	if err != nil {
		return fmt.Errorf("backup: write %s: %w", name, err)
	}
	if n != size {
		return fmt.Errorf("backup: %s shrank while it was being backed up: try again", path)
	}
	m.Files = append(m.Files, File{Name: name, Size: size, SHA256: hex.EncodeToString(h.Sum(nil))})
	return nil
}

// ctxReader stops reading when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
