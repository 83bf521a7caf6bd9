package main

import "syscall"

// dropPages removes the pages of m from this process's page tables
// (madvise MADV_DONTNEED). Only for read-only file mappings: the kernel
// maps them again from the file when touched.
func dropPages(m mapping) error {
	if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, m.start, m.end-m.start, syscall.MADV_DONTNEED); e != 0 {
		return e
	}
	return nil
}
