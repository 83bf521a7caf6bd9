package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// releaseStartupMemory gives back what only pbxd's start-up used, once
// every part runs:
//   - the Go heap's free pages (debug.FreeOSMemory): the start-up's garbage
//     (migrations, the configuration read, each part's set-up) would stay
//     resident for minutes;
//   - the pages of its own program that the start-up read (package init,
//     the store's migrations, each part's set-up code): it drops the
//     executable's read-only mappings from its page tables (MADV_DONTNEED)
//     and the kernel maps again, from the page cache, what pbxd touches
//     later. The start-up reads pages all over the 20 MB program, and the
//     kernel maps 64 KiB around each; idle, pbxd uses about 2 MB of it.
//
// It returns how many bytes of the program were resident before (Linux
// only; elsewhere it frees the heap and returns 0). Call it from one
// goroutine at a time.
func releaseStartupMemory() (int64, error) {
	debug.FreeOSMemory()
	if _, err := os.Stat("/proc/self/maps"); err != nil {
		return 0, nil // not Linux
	}
	exe, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return 0, fmt.Errorf("pbxd: release start-up memory: %w", err)
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return 0, fmt.Errorf("pbxd: release start-up memory: %w", err)
	}
	maps, err := programMappings(f, exe)
	f.Close()
	if err != nil {
		return 0, err
	}
	resident, err := residentBytes(exe)
	if err != nil {
		return 0, err
	}
	for _, m := range maps {
		if err := dropPages(m); err != nil {
			return 0, fmt.Errorf("pbxd: release start-up memory: %#x-%#x: %w", m.start, m.end, err)
		}
	}
	return resident, nil
}

// mapping is an address range of a memory map.
type mapping struct{ start, end uintptr }

// programMappings returns the read-only mappings of the file exe in a
// /proc/PID/maps listing: the program's code and constant data, never its
// writable data.
func programMappings(r io.Reader, exe string) ([]mapping, error) {
	var out []mapping
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		// address perms offset dev inode path
		f := strings.Fields(sc.Text())
		if len(f) < 6 || strings.Join(f[5:], " ") != exe || strings.Contains(f[1], "w") {
			continue
		}
		lo, hi, ok := strings.Cut(f[0], "-")
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if !ok || err1 != nil || err2 != nil || end <= start {
			return nil, fmt.Errorf("pbxd: release start-up memory: bad maps line %q", sc.Text())
		}
		out = append(out, mapping{uintptr(start), uintptr(end)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("pbxd: release start-up memory: %w", err)
	}
	return out, nil
}

// residentBytes sums the resident memory (Rss) of this process's mappings
// of the file exe, from /proc/self/smaps.
func residentBytes(exe string) (int64, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return 0, fmt.Errorf("pbxd: resident memory: %w", err)
	}
	defer f.Close()
	var sum int64
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 0:
		case strings.HasSuffix(f[0], ":"):
			if in && f[0] == "Rss:" && len(f) == 3 {
				kb, err := strconv.ParseInt(f[1], 10, 64)
				if err != nil {
					return 0, fmt.Errorf("pbxd: resident memory: %q: %w", sc.Text(), err)
				}
				sum += kb << 10
			}
		default: // a mapping's first line
			in = len(f) >= 6 && strings.Join(f[5:], " ") == exe
		}
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("pbxd: resident memory: %w", err)
	}
	return sum, nil
}
