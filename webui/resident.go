package webui

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
)

// residentMemory reads the process's resident memory from Linux's
// /proc/self/status: all of it (VmRSS) and the part no file backs (RssAnon:
// heap, stacks, SQLite's caches), in bytes. The rest of VmRSS is the
// program's own clean pages, which the kernel can drop and read again.
// Both are 0 where /proc cannot be read.
func residentMemory() (total, anon uint64) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		name, value, ok := bytes.Cut(sc.Bytes(), []byte(":"))
		if !ok {
			continue
		}
		var into *uint64
		switch string(name) {
		case "VmRSS":
			into = &total
		case "RssAnon":
			into = &anon
		default:
			continue
		}
		kb, err := strconv.ParseUint(string(bytes.TrimSuffix(bytes.TrimSpace(value), []byte(" kB"))), 10, 64)
		if err == nil {
			*into = kb * 1024
		}
	}
	return total, anon
}
