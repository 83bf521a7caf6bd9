#!/bin/sh
# debs.sh DIR PACKAGE... — download Debian packages and the shared libraries
# they depend on into DIR with apt-get download (no root, nothing installed).
#
# A dependency is followed when it is a library package (Section: libs), so
# that a program gets its shared libraries but not the daemons, init system and
# scripts that Debian's packages depend on for a full Debian system (rauc
# depends on systemd and dbus; the image brings its own init). The kernel's
# meta package is followed to the kernel it names. rootfs.sh checks afterwards
# that every ELF file finds every library it needs.
#
# apt-cache is slow to start, so the whole dependency graph is read with one
# call and walked here. Packages already in DIR are not downloaded again;
# DIR/packages.txt lists what was resolved, with versions, for the manifest.
set -eu

dir=$1
shift
mkdir -p "$dir"
cd "$dir"

# The graph: lines "PKG DEP" for every Depends and Pre-Depends (first of
# alternatives; virtual packages skipped), names qualified with :ARCH.
apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
	--no-replaces --no-enhances "$@" 2>/dev/null | awk '
	function qual(n, a) { return (n ~ /:/ || a == "") ? n : n ":" a }
	/^[^ <]/ { pkg = $1; arch = (pkg ~ /:/) ? substr(pkg, index(pkg, ":") + 1) : ""; next }
	/^  (Pre)?Depends: [^<]/ { print pkg, qual($2, arch) }
' >graph.txt

# Sections, versions and architectures of every package in the graph.
names=$(printf '%s\n' "$@" | cat - graph.txt | tr ' ' '\n' | sort -u)
apt-cache show --no-all-versions $names 2>/dev/null | awk '
	/^Package: / { p = $2 } /^Architecture: / { a = $2 } /^Version: / { v = $2 }
	/^Section: / { s = $2 }
	/^$/ { if (p != "") print p, a, v, s; p = a = v = s = "" }
	END { if (p != "") print p, a, v, s }
' >info.txt

# Walk from the requested packages along library edges.
printf '%s\n' "$@" | awk '
	FILENAME == "info.txt" { arch[$1 ":" $2] = $2; ver[$1 ":" $2] = $3; sec[$1 ":" $2] = $4; next }
	FILENAME == "graph.txt" { dep[$1] = dep[$1] " " $2; next }
	{ want[n++] = $1 }
	END {
		for (i = 0; i < n; i++) { p = want[i]; if (p !~ /:/) p = p ":all"; queue[q++] = p; seen[p] = 1 }
		for (h = 0; h < q; h++) {
			p = queue[h]
			src = p; sub(/:all$/, "", src)
			m = split(dep[src], ds, " ")
			for (j = 1; j <= m; j++) {
				d = ds[j]
				if (d in seen) continue
				if (sec[d] == "libs" || d ~ /^linux-image-/) { seen[d] = 1; queue[q++] = d }
			}
		}
		for (h = 0; h < q; h++) {
			p = queue[h]
			if (!(p in ver)) { print "debs.sh: " p ": not in the apt lists; run apt-get update (arm64 needs dpkg --add-architecture arm64 first)" > "/dev/stderr"; exit 1 }
			name = p; sub(/:.*/, "", name)
			print name, arch[p], ver[p]
		}
	}
' info.txt graph.txt - | sort -u >packages.txt.new

missing=
while read -r name arch v; do
	file=$(printf '%s_%s_%s.deb' "$name" "$(echo "$v" | sed 's/:/%3a/')" "$arch")
	[ -f "$file" ] || missing="$missing $name:$arch=$v"
done <packages.txt.new
if [ -n "$missing" ]; then
	# apt warns that it downloads as root into a directory _apt cannot
	# write; that is expected here.
	apt-get download -q $missing 2>&1 | grep -v -e 'unsandboxed' -e '^Get:' -e '^Fetched' >&2 || true
fi
while read -r name arch v; do
	file=$(printf '%s_%s_%s.deb' "$name" "$(echo "$v" | sed 's/:/%3a/')" "$arch")
	[ -f "$file" ] || { echo "debs.sh: $name:$arch=$v was not downloaded" >&2; exit 1; }
done <packages.txt.new
mv packages.txt.new packages.txt
rm -f graph.txt info.txt
