package qemutest

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReleaseSums checks the SHA-256 files that make image and the bundle
// builds write next to their outputs (in sha256sum's format, so that
// sha256sum -c checks them): each names the files it should, and each sum
// is that file's.
func TestReleaseSums(t *testing.T) {
	dir := imageDir(t)
	tests := []struct {
		sums string
		want []string // files that must be listed
	}{
		{"hookflash.img.sha256", []string{"hookflash.img", "flash1.img"}},
		{"test/update.raucb.sha256", []string{"update.raucb"}},
		{"test/broken.raucb.sha256", []string{"broken.raucb"}},
	}
	for _, tt := range tests {
		t.Run(tt.sums, func(t *testing.T) {
			listed := checkSums(t, filepath.Join(dir, tt.sums))
			for _, name := range tt.want {
				if !listed[name] {
					t.Errorf("%s does not list %s; it lists %v", tt.sums, name, listed)
				}
			}
		})
	}
}

// checkSums reads a sha256sum file, hashes every file it lists (relative to
// the sum file's directory) and compares; it returns the names listed.
func checkSums(t *testing.T, file string) map[string]bool {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	listed := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 || strings.Contains(name, "/") {
			t.Fatalf("%s: line %q is not \"<sha256>  <file>\"", file, sc.Text())
		}
		listed[name] = true
		got := sha256File(t, filepath.Join(filepath.Dir(file), name))
		if got != sum {
			t.Errorf("%s: %s has SHA-256 %s; the file says %s", file, name, got, sum)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return listed
}

func sha256File(t *testing.T, name string) string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}
