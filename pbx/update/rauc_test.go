package update

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeRAUC writes a shell script that answers like the rauc command line
// tool, from the outputs recorded in testdata, and returns its path.
func fakeRAUC(t *testing.T) string {
	t.Helper()
	td, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	script := `#!/bin/sh
case "$1 $2" in
"status --detailed") cat "` + td + `/status-installed.json" ;;
"info --output-format=json")
	case $3 in
	*badsig*) echo "signature verification failed: unable to get local issuer certificate" >&2; exit 1 ;;
	*) cat "` + td + `/info.json" ;;
	esac ;;
"install "*)
	case $2 in
	*otherboard*)
		printf ' 40%% Checking bundle done.\n 40%% Checking manifest contents\n100%% Installing failed.\n\033[JLastError: Compatible mismatch: Expected '"'"'hookflash-qemu-arm64'"'"' but bundle manifest has '"'"'x'"'"'\n' ;
		exit 1 ;;
	*writefail*)
		printf ' 80%% Updating slots\n 90%% Copying image to rootfs.1\n100%% Installing failed.\nLastError: write error\n' ; exit 1 ;;
	*) cat "` + td + `/install-ok.txt" ;;
	esac ;;
"status mark-good"|"status mark-bad") echo "$@" >"` + t.TempDir() + `/marked" ;;
*) echo "fake rauc: unexpected $*" >&2; exit 2 ;;
esac
`
	path := filepath.Join(t.TempDir(), "rauc")
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCLI(t *testing.T) {
	c := CLI{Path: fakeRAUC(t)}
	ctx := context.Background()

	sys, err := c.Status(ctx)
	if err != nil || sys.Primary != "B" || len(sys.Slots) != 2 {
		t.Errorf("Status() = %+v, %v; want primary B and 2 slots", sys, err)
	}
	if b, err := c.Info(ctx, "/data/update/upload.raucb"); err != nil || b.Version != "capture1" {
		t.Errorf("Info(good) = %+v, %v; want version capture1", b, err)
	}
	if _, err := c.Info(ctx, "/x/badsig.raucb"); !errors.Is(err, ErrRejected) || !strings.Contains(err.Error(), "signature verification failed") {
		t.Errorf("Info(badsig) = %v; want ErrRejected with RAUC's reason", err)
	}

	var steps []Progress
	if err := c.Install(ctx, "/x/good.raucb", func(p Progress) { steps = append(steps, p) }); err != nil {
		t.Errorf("Install(good) = %v", err)
	}
	if len(steps) == 0 || steps[len(steps)-1] != (Progress{100, "Installing done."}) {
		t.Errorf("Install(good) progress = %+v; want it to end at 100%% Installing done.", steps)
	}
	err = c.Install(ctx, "/x/otherboard.raucb", nil)
	if !errors.Is(err, ErrRejected) || !strings.Contains(err.Error(), "Compatible mismatch") {
		t.Errorf("Install(otherboard) = %v; want ErrRejected naming the mismatch", err)
	}
	err = c.Install(ctx, "/x/writefail.raucb", nil)
	if err == nil || errors.Is(err, ErrRejected) || !strings.Contains(err.Error(), "write error") {
		t.Errorf("Install(writefail) = %v; want a write error that is not ErrRejected", err)
	}
	if err := c.Mark(ctx, true, "booted"); err != nil {
		t.Errorf("Mark(good) = %v", err)
	}
}

func TestCLIWithoutRAUC(t *testing.T) {
	c := CLI{Path: filepath.Join(t.TempDir(), "no-rauc-here")}
	if _, err := c.Status(context.Background()); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Status() without rauc = %v; want ErrUnavailable", err)
	}
	if err := c.Install(context.Background(), "x", nil); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Install() without rauc = %v; want ErrUnavailable", err)
	}
}

// TestCLIWithoutService: the tool is installed but no RAUC service runs, as
// on a development machine with Debian's rauc package.
func TestCLIWithoutService(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rauc")
	script := "#!/bin/sh\necho 'Error retrieving slot status via D-Bus: error creating proxy: Could not connect: No such file or directory' >&2\nexit 1\n"
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := CLI{Path: path}.Status(context.Background())
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "does not answer") {
		t.Errorf("Status() without the RAUC service = %v; want ErrUnavailable saying the service does not answer", err)
	}
	// Not "the bundle was rejected": the box cannot update, whatever the bundle.
	if _, err := (CLI{Path: path}).Info(context.Background(), "x.raucb"); !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrRejected) {
		t.Errorf("Info() without the RAUC service = %v; want ErrUnavailable, not ErrRejected", err)
	}
	if err := (CLI{Path: path}).Install(context.Background(), "x.raucb", nil); !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrRejected) {
		t.Errorf("Install() without the RAUC service = %v; want ErrUnavailable, not ErrRejected", err)
	}
}
