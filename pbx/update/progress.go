package update

import (
	"regexp"
	"strconv"
	"strings"
)

// Progress is how far an install has come.
type Progress struct {
	Percent int    // 0 to 100
	Message string // RAUC's step, "Copying image to rootfs.1"
}

// progressLine matches rauc install's progress lines: " 40% Checking bundle".
var progressLine = regexp.MustCompile(`^\s*(\d{1,3})% (.+)$`)

// parseProgress reads one line of "rauc install" output; ok is false for a
// line that is not a progress line.
func parseProgress(line string) (p Progress, ok bool) {
	m := progressLine.FindStringSubmatch(strings.TrimRight(line, "\r\n"))
	if m == nil {
		return Progress{}, false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n > 100 {
		return Progress{}, false
	}
	return Progress{Percent: n, Message: strings.TrimSpace(m[2])}, true
}

// lastError picks RAUC's own explanation out of a failed command's output:
// the text after "LastError: ", else the last line that is not progress.
func lastError(out string) string {
	lines := strings.Split(strings.ReplaceAll(out, "\r", ""), "\n")
	for _, l := range lines {
		// RAUC clears the progress line with an escape sequence first.
		if i := strings.Index(l, "LastError: "); i >= 0 {
			return strings.TrimSpace(l[i+len("LastError: "):])
		}
	}
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, "Installing `") {
			continue
		}
		if _, ok := parseProgress(l); ok {
			continue
		}
		return l
	}
	return "rauc gave no reason"
}
