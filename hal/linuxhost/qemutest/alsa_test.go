//go:build linux

package qemutest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The Debian packages the guest is made of; debs.sh resolves the kernel's
// meta package to the kernel it names.
var guestPackages = []string{"linux-image-arm64:arm64", "busybox-static:arm64"}

// The modules snd-aloop needs, in load order (modinfo depends=).
var soundModules = []string{"soundcore", "snd", "snd-timer", "snd-pcm", "snd-aloop"}

// Guest test binaries: name suffix and GOARCH/GOARM.
var guestArches = []struct{ name, goarch, goarm string }{
	{"arm64", "arm64", ""},
	{"armv7", "arm", "7"},
}

func TestALSAInQemu(t *testing.T) {
	if os.Getenv("HOOKFLASH_QEMU_ALSA") == "" {
		t.Skip("set HOOKFLASH_QEMU_ALSA=1 to boot the ALSA loopback test in qemu")
	}
	for _, tool := range []string{"qemu-system-aarch64", "cpio", "dpkg-deb", "apt-get"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found: install the packages in .ci/apt-packages (qemu-system-arm, cpio)", tool)
		}
	}
	root := repoRoot(t)
	cache := os.Getenv("HOOKFLASH_QEMUTEST_CACHE")
	if cache == "" {
		cache = filepath.Join(root, "build", "qemutest-alsa")
	}
	debs := fetchDebs(t, root, filepath.Join(cache, "debs"))

	stage := t.TempDir()
	kernel := unpackGuest(t, debs, stage)
	if err := os.MkdirAll(filepath.Join(stage, "tests"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, a := range guestArches {
		out := filepath.Join(stage, "tests", "linuxhost-"+a.name+".test")
		run(t, root, []string{"CGO_ENABLED=0", "GOOS=linux", "GOARCH=" + a.goarch, "GOARM=" + a.goarm},
			"go", "test", "-c", "-o", out, "./hal/linuxhost")
	}
	initScript, err := os.ReadFile("init")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stage, "init"), initScript, 0o755); err != nil {
		t.Fatal(err)
	}
	initrd := filepath.Join(t.TempDir(), "initrd.cpio")
	run(t, stage, nil, "sh", "-c", "find . | cpio -o -H newc --quiet > "+initrd)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	cmd := exec.CommandContext(ctx, "qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a53", "-smp", "1", "-m", "512",
		"-nographic", "-no-reboot", "-nic", "none", "-kernel", kernel, "-initrd", initrd,
		"-append", "console=ttyAMA0 rdinit=/init panic=-1 quiet")
	var console bytes.Buffer
	cmd.Stdout, cmd.Stderr = &console, &console
	err = cmd.Run()
	out := strings.ReplaceAll(console.String(), "\r\n", "\n")
	t.Logf("guest console (%v):\n%s", time.Since(start).Round(time.Second), out)
	if err != nil {
		t.Fatalf("qemu: %v", err)
	}
	if !strings.Contains(out, "qemutest: done") {
		t.Fatalf("the guest did not finish its tests")
	}
	for _, a := range guestArches {
		if !strings.Contains(out, "qemutest: "+a.name+" exit=0") {
			t.Errorf("%s: the hal/linuxhost tests failed in the guest (see the console above)", a.name)
		}
		// The loopback tests ran rather than skipped, and said what came back.
		for _, re := range []string{
			`--- PASS: TestALSAABI`,
			`alsa-loopback-highway: ` + a.goarch + ` slot0=\d+/\d+ slot3=\d+/\d+ slot7=\d+/\d+ silent-slot5=ok`,
			`alsa-loopback-xrun: ` + a.goarch + ` capture=[1-9]\d* playback=[1-9]\d*`,
		} {
			if !regexp.MustCompile(re).MatchString(section(out, a.name)) {
				t.Errorf("%s: the guest did not report %q", a.name, re)
			}
		}
	}
}

// section returns the console output of one architecture's test run.
func section(out, arch string) string {
	_, rest, _ := strings.Cut(out, "qemutest: run "+arch+"\n")
	s, _, _ := strings.Cut(rest, "qemutest: "+arch+" exit=")
	return s
}

func repoRoot(t *testing.T) string {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

func run(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// fetchDebs downloads the guest's packages into dir with the image's
// debs.sh, unless an earlier run left all of them there.
func fetchDebs(t *testing.T, root, dir string) string {
	t.Helper()
	if list, err := os.ReadFile(filepath.Join(dir, "packages.txt")); err == nil && allPresent(dir, string(list)) {
		return dir
	}
	b, err := exec.Command("dpkg", "--print-foreign-architectures").Output()
	if err != nil || !strings.Contains(string(b), "arm64") {
		t.Fatalf("apt has no arm64 packages: run 'dpkg --add-architecture arm64 && apt-get update' once")
	}
	// make image downloads the same kernel and busybox: link what it has.
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, pat := range []string{"linux-image-*_arm64.deb", "busybox-static_*_arm64.deb"} {
		have, _ := filepath.Glob(filepath.Join(root, "build", "image", "debs", pat))
		for _, f := range have {
			os.Link(f, filepath.Join(dir, filepath.Base(f))) // an error leaves it to debs.sh
		}
	}
	run(t, root, nil, filepath.Join(root, "image", "debs.sh"), append([]string{dir}, guestPackages...)...)
	return dir
}

// allPresent reports whether every package of a debs.sh packages.txt has
// its .deb in dir.
func allPresent(dir, list string) bool {
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(list), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			return false
		}
		deb := fmt.Sprintf("%s_%s_%s.deb", f[0], strings.ReplaceAll(f[2], ":", "%3a"), f[1])
		if _, err := os.Stat(filepath.Join(dir, deb)); err != nil {
			return false
		}
		n++
	}
	return n > 0
}

// unpackGuest puts busybox and the sound modules into the initramfs tree
// stage and returns the kernel image's path. What it takes from the .debs
// is kept in a directory next to them named after the kernel package, so
// later runs unpack nothing.
func unpackGuest(t *testing.T, debs, stage string) string {
	t.Helper()
	var pkgs []string
	for _, pat := range []string{"linux-image-[0-9]*_arm64.deb", "busybox-static_*_arm64.deb"} {
		m, _ := filepath.Glob(filepath.Join(debs, pat))
		if len(m) != 1 {
			t.Fatalf("%s: want one %s, found %d", debs, pat, len(m))
		}
		pkgs = append(pkgs, m[0])
	}
	guest := filepath.Join(debs, "guest-"+strings.TrimSuffix(filepath.Base(pkgs[0]), ".deb"))
	if _, err := os.Stat(filepath.Join(guest, "complete")); err != nil {
		unpack(t, pkgs, guest)
	}
	for _, d := range []string{"bin", "modules"} {
		run(t, guest, nil, "cp", "-r", d, stage)
	}
	return filepath.Join(guest, "vmlinuz")
}

// unpack extracts the kernel, busybox and the sound modules from pkgs (the
// kernel's and busybox's .debs) into dir.
func unpack(t *testing.T, pkgs []string, dir string) {
	t.Helper()
	x := t.TempDir()
	kernelFiles := []string{"./boot/vmlinuz-*"}
	for _, m := range soundModules {
		kernelFiles = append(kernelFiles, "./lib/modules/*/"+m+".ko*")
	}
	for i, files := range [][]string{kernelFiles, {"./bin/busybox"}} {
		// Only the files named: the kernel package unpacks to 400 MB.
		run(t, x, nil, "sh", "-c", "dpkg-deb --fsys-tarfile '"+pkgs[i]+"' | tar -x --wildcards "+quoteAll(files))
	}
	os.RemoveAll(dir)
	for _, d := range []string{"bin", "modules"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	kernels, _ := filepath.Glob(filepath.Join(x, "boot", "vmlinuz-*"))
	if len(kernels) != 1 {
		t.Fatalf("kernel package: want one boot/vmlinuz-*, found %v", kernels)
	}
	mv(t, kernels[0], filepath.Join(dir, "vmlinuz"))
	mv(t, filepath.Join(x, "bin", "busybox"), filepath.Join(dir, "bin", "busybox"))
	for _, m := range soundModules {
		var found []string
		filepath.WalkDir(filepath.Join(x, "lib", "modules"), func(p string, _ os.DirEntry, _ error) error {
			if b := filepath.Base(p); b == m+".ko" || b == m+".ko.xz" {
				found = append(found, p)
			}
			return nil
		})
		if len(found) != 1 {
			t.Fatalf("kernel package: want one module %s, found %v", m, found)
		}
		dst := filepath.Join(dir, "modules", m+".ko")
		if strings.HasSuffix(found[0], ".xz") {
			// busybox insmod does not read compressed modules.
			run(t, x, nil, "sh", "-c", "xz -dc '"+found[0]+"' > '"+dst+"'")
		} else {
			mv(t, found[0], dst)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "complete"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
}

func mv(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = "'" + v + "'"
	}
	return strings.Join(q, " ")
}
