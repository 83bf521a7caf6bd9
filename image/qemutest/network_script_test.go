package qemutest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// netScript runs the image's S20network in a network namespace of its own
// (unshare -rn, no root needed) on a veth pair named eth0, with the real
// ip command; udhcpc is a stand-in that logs how it was started. The
// script's paths (hookflash.conf, /run, /dev/console) point into a
// temporary directory.
type netScript struct {
	t      *testing.T
	dir    string
	script string
}

// newNetScript prepares the copy of the script, or skips the test where
// the machine cannot make a network namespace.
func newNetScript(t *testing.T) *netScript {
	for _, tool := range []string{"unshare", "ip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s: %v", tool, err)
		}
	}
	if out, err := exec.Command("unshare", "-rn", "ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth1").CombinedOutput(); err != nil {
		t.Skipf("cannot make a network namespace with a veth pair here: %v: %s", err, out)
	}
	dir := t.TempDir()
	src, err := os.ReadFile("../../buildroot/board/hookflash/common/rootfs-overlay/etc/init.d/S20network")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.NewReplacer("/etc/hookflash/hookflash.conf", dir+"/hookflash.conf", "/run/", dir+"/run/",
		"/dev/console", dir+"/console", "/usr/share/udhcpc/", dir+"/").Replace(string(src))
	for _, f := range []struct {
		name, text string
		mode       os.FileMode
	}{
		{"S20network", s, 0o755},
		{"hookflash.conf", "PBX_DATA=" + dir + "/data\nNET_IF=eth0\nNET_FALLBACK=169.254.100.1/16\nBOX_NAME=hookflash\n", 0o644},
		{"bin/udhcpc", "#!/bin/sh\necho udhcpc \"$@\" >>" + dir + "/udhcpc.log\n", 0o755},
		{"bin/usleep", "#!/bin/sh\nsleep 0.1\n", 0o755},
	} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(f.name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f.name), []byte(f.text), f.mode); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(dir, "data"), 0o755)
	os.MkdirAll(filepath.Join(dir, "run"), 0o755)
	return &netScript{t: t, dir: dir, script: filepath.Join(dir, "S20network")}
}

// run runs each of steps (shell commands; "S20network" is the script) in
// turn in one new network namespace, and after each records what eth0
// carries (addresses and routes); it returns those and the console.
func (n *netScript) run(steps ...string) (state []string, console string) {
	n.t.Helper()
	sh := "ip link add eth0 type veth peer name eth1 && ip link set eth1 up || exit 1\n"
	for _, s := range steps {
		sh += strings.ReplaceAll(s, "S20network", n.script) + "\necho '--'; ip -4 -o addr show dev eth0; ip -4 route show dev eth0\n"
	}
	cmd := exec.Command("unshare", "-rn", "sh", "-c", sh)
	cmd.Env = append(os.Environ(), "PATH="+n.dir+"/bin:"+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		n.t.Fatalf("S20network %q: %v: %s", steps, err, out)
	}
	state = strings.Split(string(out), "--\n")[1:]
	c, _ := os.ReadFile(filepath.Join(n.dir, "console"))
	os.Remove(filepath.Join(n.dir, "console"))
	return state, string(c)
}

// setFile writes the network file as pbxd would.
func (n *netScript) setFile(text string) {
	n.t.Helper()
	if err := os.WriteFile(filepath.Join(n.dir, "data", "network"), []byte(text), 0o644); err != nil {
		n.t.Fatal(err)
	}
}

// read returns the file name under the test's directory, "" when absent.
func (n *netScript) read(name string) string {
	b, _ := os.ReadFile(filepath.Join(n.dir, name))
	return string(b)
}

// TestNetworkScriptStatic applies a static network at boot, then DHCP on
// reload: the static address and route go, the fallback stays throughout.
func TestNetworkScriptStatic(t *testing.T) {
	n := newNetScript(t)
	n.setFile("mode=static\naddress=10.0.2.15/25\ngateway=10.0.2.2\ndns=10.0.2.3 192.0.2.53\n")
	state, console := n.run("S20network start", "rm "+n.dir+"/data/network; S20network reload")
	for _, want := range []string{"inet 169.254.100.1/16", "inet 10.0.2.15/25 brd 10.0.2.127 scope global", "default via 10.0.2.2"} {
		if !strings.Contains(state[0], want) {
			t.Errorf("eth0 after start with a static network:\n%s\nwant %q", state[0], want)
		}
	}
	if !strings.Contains(console, "hookflash: eth0 has address 10.0.2.15/25 (static, gateway 10.0.2.2, DNS 10.0.2.3 192.0.2.53)\n") {
		t.Errorf("console = %q; want the static address named", console)
	}
	if got := n.read("run/resolv.conf"); got != "nameserver 10.0.2.3\nnameserver 192.0.2.53\n" {
		t.Errorf("resolv.conf = %q; want the two DNS servers", got)
	}
	if strings.Contains(state[1], "10.0.2.15") || strings.Contains(state[1], "default") || !strings.Contains(state[1], "inet 169.254.100.1/16") {
		t.Errorf("eth0 after reload to DHCP:\n%s\nwant the fallback only, no static address or default route", state[1])
	}
	if got := n.read("udhcpc.log"); strings.Count(got, "udhcpc -b -S -i eth0") != 1 {
		t.Errorf("udhcpc log = %q; want it started once, by the reload to DHCP", got)
	}
}

// TestNetworkScriptRefuses: root takes nothing from pbxd's file but plain
// addresses that fit together; anything else leaves the box on DHCP with
// the fallback address, says why on the console and runs nothing.
func TestNetworkScriptRefuses(t *testing.T) {
	n := newNetScript(t)
	const ok = "mode=static\naddress=192.168.1.10/24\ngateway=192.168.1.1\ndns=192.168.1.1\n"
	tests := []struct{ name, file, why string }{
		{"a command in the address", strings.Replace(ok, "/24", "/24; touch "+n.dir+"/ran", 1), "ADDRESS/8 to ADDRESS/30"},
		{"a substitution in the gateway", strings.Replace(ok, "gateway=192.168.1.1", "gateway=$(touch "+n.dir+"/ran)", 1), "gateway is not an IPv4"},
		{"a glob in the DNS", strings.Replace(ok, "dns=192.168.1.1", "dns=*", 1), "DNS server is not an IPv4"},
		{"an unknown line", ok + "PATH=/tmp\n", "a line other than"},
		{"dhcp mode line", "mode=dhcp\n", "a line other than"},
		{"no mode", strings.Replace(ok, "mode=static\n", "", 1), "no mode=static"},
		{"a leading zero", strings.Replace(ok, "192.168.1.10/", "192.168.01.10/", 1), "address is not an IPv4"},
		{"a part over 255", strings.Replace(ok, "192.168.1.10/", "192.168.1.256/", 1), "address is not an IPv4"},
		{"prefix /31", strings.Replace(ok, "/24", "/31", 1), "ADDRESS/8 to ADDRESS/30"},
		{"the network address", strings.Replace(ok, "192.168.1.10/", "192.168.1.0/", 1), "network's or broadcast"},
		{"the broadcast address", strings.Replace(ok, "192.168.1.10/", "192.168.1.255/", 1), "network's or broadcast"},
		{"a gateway outside", strings.Replace(ok, "gateway=192.168.1.1", "gateway=192.168.2.1", 1), "gateway is not another address"},
		{"the box as gateway", strings.Replace(ok, "gateway=192.168.1.1", "gateway=192.168.1.10", 1), "gateway is not another address"},
		{"four DNS servers", strings.Replace(ok, "dns=192.168.1.1", "dns=1.1.1.1 1.0.0.1 8.8.8.8 9.9.9.9", 1), "not 1 to 3 DNS"},
		{"no DNS server", strings.Replace(ok, "dns=192.168.1.1", "dns=", 1), "not 1 to 3 DNS"},
	}
	for _, tc := range tests {
		n.setFile(tc.file)
		os.Remove(filepath.Join(n.dir, "udhcpc.log"))
		state, console := n.run("S20network start")
		if !strings.Contains(console, "refused (") || !strings.Contains(console, tc.why) || !strings.Contains(console, "taking an address by DHCP") {
			t.Errorf("%s: console = %q; want the file refused: %s", tc.name, console, tc.why)
		}
		if strings.Contains(state[0], "scope global") || !strings.Contains(state[0], "inet 169.254.100.1/16") {
			t.Errorf("%s: eth0:\n%s\nwant the fallback address only", tc.name, state[0])
		}
		if !strings.Contains(n.read("udhcpc.log"), "udhcpc -b") {
			t.Errorf("%s: udhcpc not started; want DHCP", tc.name)
		}
		if _, err := os.Stat(filepath.Join(n.dir, "ran")); err == nil {
			t.Fatalf("%s: the file's contents ran as a command", tc.name)
		}
	}
	// A symbolic link (pbxd pointing root at another file) is refused too.
	os.Remove(filepath.Join(n.dir, "data", "network"))
	if err := os.Symlink("/etc/passwd", filepath.Join(n.dir, "data", "network")); err != nil {
		t.Fatal(err)
	}
	if _, console := n.run("S20network start"); !strings.Contains(console, "refused (not a plain file)") {
		t.Errorf("a symbolic link: console = %q; want it refused", console)
	}
}
