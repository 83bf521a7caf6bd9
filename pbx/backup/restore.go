package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/hookflash/firmware/pbx/store"
)

// Restore replaces the box's database and data folders by the backup
// archive read from r. st is the box's open store, whose database it
// replaces in place; dataDir holds the data folders.
//
// Nothing changes until the whole archive has been read into a staging
// folder inside dataDir and checked: its manifest (a known format, a schema
// no newer than this firmware's), safe paths and plain files only,
// checksums and sizes, and the database's integrity, after migrating a
// database of an older schema. Then each data folder is swapped for the
// restored one by two renames (the old one kept aside), and the database is
// copied in; if that fails the old folders are put back. The config revision
// is bumped and st's subscribers are told.
//
// A crash never leaves a folder half restored: each is either the old one
// or the new one, except that a crash between its two renames leaves it
// missing, with the old one in the .restore-* folder inside dataDir.
// Data folders that are links are replaced by real folders.
func Restore(ctx context.Context, st *store.Store, dataDir string, r io.Reader) error {
	stage, err := os.MkdirTemp(dataDir, ".restore-")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(stage)
	names := folders(dataDir)
	fresh := filepath.Join(stage, "new")
	for _, f := range names {
		if err := os.MkdirAll(filepath.Join(fresh, f), 0o700); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}

	manifest, got, err := extract(ctx, r, stage, fresh, names)
	if ctx.Err() != nil {
		return fmt.Errorf("backup: restore: %w", ctx.Err())
	}
	if err != nil {
		return err
	}
	if manifest == nil {
		return errors.New("backup: the archive has no manifest.json: it is not a Hookflash backup")
	}
	m, err := parseManifest(manifest)
	if err != nil {
		return err
	}
	if err := m.checkFiles(got); err != nil {
		return err
	}
	db := filepath.Join(stage, dbName)
	if err := checkDatabase(ctx, db); err != nil {
		return err
	}
	if err := syncTree(fresh); err != nil {
		return fmt.Errorf("backup: %w", err)
	}

	// Swap the folders, keeping the old ones aside until the database is in.
	aside := filepath.Join(stage, "old")
	if err := os.Mkdir(aside, 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	var swapped []string
	undo := func() {
		for _, f := range swapped {
			live := filepath.Join(dataDir, f)
			os.Rename(live, filepath.Join(fresh, f))
			os.Rename(filepath.Join(aside, f), live)
		}
		syncDir(dataDir)
	}
	for _, f := range names {
		live := filepath.Join(dataDir, f)
		if err := os.Rename(live, filepath.Join(aside, f)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			undo()
			return fmt.Errorf("backup: put %s aside: %w", f, err)
		}
		if err := os.Rename(filepath.Join(fresh, f), live); err != nil {
			os.Rename(filepath.Join(aside, f), live)
			undo()
			return fmt.Errorf("backup: put the restored %s in place: %w", f, err)
		}
		swapped = append(swapped, f)
	}
	if err := syncDir(dataDir); err != nil {
		undo()
		return fmt.Errorf("backup: %w", err)
	}
	if err := st.RestoreSnapshot(ctx, db); err != nil {
		undo()
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// extract reads the archive into stage: pbx.db into stage itself and the
// data files under fresh. It returns the manifest's text (nil if there was
// none) and the size and SHA-256 of every other member.
func extract(ctx context.Context, r io.Reader, stage, fresh string, folders []string) ([]byte, map[string]File, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, nil, fmt.Errorf("backup: not a backup archive (a .tar.gz made by backup): %w", err)
	}
	defer gz.Close()
	tr := tar.NewReader(gz)
	var manifest []byte
	got := map[string]File{}
	var total int64
	for members := 0; ; members++ {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if errors.Is(err, tar.ErrInsecurePath) {
			return nil, nil, fmt.Errorf("backup: %q in the archive is not a safe relative path: the archive was changed", hdr.Name)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("backup: read the archive: %w", err)
		}
		if members >= maxFiles {
			return nil, nil, fmt.Errorf("backup: the archive has more than %d members", maxFiles)
		}
		name := hdr.Name
		switch hdr.Typeflag {
		case tar.TypeReg:
		case tar.TypeDir:
			dir := strings.TrimSuffix(name, "/")
			if err := checkName(dir+"/x", folders); err != nil {
				return nil, nil, fmt.Errorf("backup: %w in the archive", err)
			}
			if err := os.MkdirAll(filepath.Join(fresh, filepath.FromSlash(dir)), 0o700); err != nil {
				return nil, nil, fmt.Errorf("backup: %w", err)
			}
			continue
		default:
			return nil, nil, fmt.Errorf("backup: %q in the archive is a link or a special file; a backup holds plain files only", name)
		}
		if _, dup := got[name]; dup || (name == manifestName && manifest != nil) {
			return nil, nil, fmt.Errorf("backup: %s appears twice in the archive", name)
		}
		if name == manifestName {
			if manifest, err = io.ReadAll(io.LimitReader(tr, maxManifestSize+1)); err != nil {
				return nil, nil, fmt.Errorf("backup: read manifest.json: %w", err)
			}
			if len(manifest) > maxManifestSize {
				return nil, nil, fmt.Errorf("backup: manifest.json is larger than %d bytes", maxManifestSize)
			}
			continue
		}
		if err := checkName(name, folders); err != nil {
			return nil, nil, fmt.Errorf("backup: %w in the archive", err)
		}
		total += hdr.Size
		switch {
		case hdr.Size > maxFileSize:
			return nil, nil, fmt.Errorf("backup: %s is larger than %d bytes", name, maxFileSize)
		case total > maxTotalSize:
			return nil, nil, fmt.Errorf("backup: the archive holds more than %d bytes", maxTotalSize)
		}
		if free, err := freeSpace(stage); err == nil && hdr.Size > free-spareSpace {
			return nil, nil, fmt.Errorf("backup: not enough free space in the data directory for %s (%d bytes)", name, hdr.Size)
		}
		dst := filepath.Join(fresh, filepath.FromSlash(name))
		if name == dbName {
			dst = filepath.Join(stage, dbName)
		}
		f, err := extractFile(ctx, tr, hdr, dst)
		if err != nil {
			return nil, nil, err
		}
		got[name] = f
	}
	return manifest, got, nil
}

// extractFile writes the current member to the new file dst, synced.
func extractFile(ctx context.Context, tr *tar.Reader, hdr *tar.Header, dst string) (File, error) {
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return File{}, fmt.Errorf("backup: %w", err)
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return File{}, fmt.Errorf("backup: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), ctxReader{ctx, tr})
	if err == nil {
		err = out.Sync()
	}
	if err = errors.Join(err, out.Close()); err != nil {
		return File{}, fmt.Errorf("backup: extract %s: %w", hdr.Name, err)
	}
	if !hdr.ModTime.IsZero() {
		os.Chtimes(dst, hdr.ModTime, hdr.ModTime)
	}
	return File{Name: hdr.Name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// checkDatabase opens the restored database with store.Open, which
// migrates an older schema, and checks its integrity.
func checkDatabase(ctx context.Context, path string) error {
	st, err := store.Open(ctx, path)
	if err != nil {
		return fmt.Errorf("backup: the database in the archive cannot be used: %w", err)
	}
	err = st.IntegrityCheck(ctx)
	if err = errors.Join(err, st.Close()); err != nil {
		return fmt.Errorf("backup: the database in the archive is damaged: %w", err)
	}
	return nil
}

// freeSpace returns the bytes available to us on the file system of path.
func freeSpace(path string) (int64, error) {
	var sfs syscall.Statfs_t
	if err := syscall.Statfs(path, &sfs); err != nil {
		return 0, err
	}
	return int64(sfs.Bavail) * int64(sfs.Bsize), nil
}

// syncTree fsyncs every directory under root, so that the names of the
// files in them survive a power cut once the tree is renamed into place.
func syncTree(root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return syncDir(path)
	})
}

func syncDir(path string) error {
	d, err := os.Open(path)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
