# The bootable qemu image, its updates and their test (included by the top
# Makefile). See image/README.md.
#
#   make image       build/image/hookflash.img: an arm64 disk image with
#                    A/B root file systems, from Debian's arm64 packages
#   make qemu        boot it in qemu-system-aarch64 (no KVM needed)
#   make bundle      build/image/hookflash-$(VERSION).raucb, a RAUC update
#                    signed with the development key
#   make test-image  build the image, boot it, update it through the API

IMAGE_OUT      := $(BUILD)/image
IMAGE_DIR      := image
IMAGE_OVERLAYS := buildroot/board/hookflash/common/rootfs-overlay buildroot/board/hookflash/qemu-aarch64/rootfs-overlay \
	$(IMAGE_DIR)/rootfs-overlay
# Debian packages of the image (arm64) and of its build (u-boot-qemu holds
# qemu's arm64 U-Boot; the amd64 busybox lists the applets). Their library
# dependencies come along (debs.sh).
IMAGE_PACKAGES := linux-image-arm64:arm64 busybox-static:arm64 rauc:arm64 \
	dbus-daemon:arm64 libubootenv-tool:arm64 espeak-ng:arm64 espeak-ng-data:arm64 \
	fdisk:arm64 util-linux:arm64 e2fsprogs:arm64 chrony:arm64 \
	u-boot-qemu busybox-static:amd64
# Partition sizes (MiB): each root file system slot and the data partition.
IMAGE_SLOT_MB  ?= 160
IMAGE_DATA_MB  ?= 256
# The compatible string of the qemu board; a bundle must name it.
IMAGE_COMPATIBLE := hookflash-qemu-arm64
# Host ports that qemu forwards to the guest's web UI (TCP 8080) and SIP
# (UDP and TCP 5060).
QEMU_WEB_PORT  ?= 8081
QEMU_SIP_PORT  ?= 5061
# The development signing key and certificate, made on first use; never
# committed. A vendor builds with its own: make bundle IMAGE_KEY=... IMAGE_CERT=...
IMAGE_KEY      ?= $(IMAGE_OUT)/keys/dev.key.pem
IMAGE_CERT     ?= $(IMAGE_OUT)/keys/dev.cert.pem
BUNDLE_VERSION ?= $(VERSION)
# The source tree pbxd and pbxctl are built from (another checkout can be
# named, e.g. to build an image of a branch).
IMAGE_GO_SRC   ?= .

IMAGE_UBOOT := $(IMAGE_OUT)/u-boot/usr/lib/u-boot/qemu_arm64/u-boot.bin

.PHONY: image qemu bundle test-image image-debs image-keys

## image: build/image/hookflash.img, the arm64 disk image for qemu (offline after the first download)
image: $(IMAGE_OUT)/hookflash.img

## qemu: boot build/image/hookflash.img in qemu (built if missing; it keeps what the box wrote until make image); web UI at 127.0.0.1:$(QEMU_WEB_PORT)
qemu:
	@[ -f $(IMAGE_OUT)/hookflash.img ] || $(MAKE) --no-print-directory image
	@$(IMAGE_DIR)/qemu.sh -i $(IMAGE_OUT)/hookflash.img -f $(IMAGE_OUT)/flash1.img \
		-b $(IMAGE_UBOOT) -w $(QEMU_WEB_PORT) -s $(QEMU_SIP_PORT)

## bundle: a RAUC bundle of this tree for the qemu board, signed with the development key
bundle: $(IMAGE_OUT)/hookflash-$(BUNDLE_VERSION).raucb

## test-image: build the image and test bundles, boot in qemu, update through the API (a few minutes)
test-image: image image-test-bundles
	HOOKFLASH_IMAGE_DIR=$(abspath $(IMAGE_OUT)) $(GO) test -count=1 -timeout 30m -v ./$(IMAGE_DIR)/qemutest

# --- downloads and keys --------------------------------------------------

image-debs: $(IMAGE_OUT)/debs/packages.txt

$(IMAGE_OUT)/debs/packages.txt: $(IMAGE_DIR)/debs.sh $(IMAGE_DIR)/image.mk
	@dpkg --print-foreign-architectures | grep -qx arm64 || { \
		echo "image: apt has no arm64 packages: run 'sudo dpkg --add-architecture arm64 && sudo apt-get update'" >&2; exit 1; }
	$(IMAGE_DIR)/debs.sh $(IMAGE_OUT)/debs $(IMAGE_PACKAGES)

$(IMAGE_UBOOT): $(IMAGE_OUT)/debs/packages.txt
	rm -rf $(IMAGE_OUT)/u-boot
	dpkg-deb -x $$(ls $(IMAGE_OUT)/debs/u-boot-qemu_*_all.deb) $(IMAGE_OUT)/u-boot
	touch $@

image-keys: $(IMAGE_CERT)

# A self-signed development certificate (EC P-256), and a second one that
# the image does not trust, for the test of a bundle with a bad signature.
$(IMAGE_OUT)/keys/dev.cert.pem $(IMAGE_OUT)/keys/dev.key.pem:
	@mkdir -p $(IMAGE_OUT)/keys
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
		-subj "/O=Hookflash development/CN=hookflash dev update key" \
		-keyout $(IMAGE_OUT)/keys/dev.key.pem -out $(IMAGE_OUT)/keys/dev.cert.pem 2>/dev/null
	@echo "image: made a development signing key in $(IMAGE_OUT)/keys (never commit it)"

$(IMAGE_OUT)/keys/other.cert.pem:
	@mkdir -p $(IMAGE_OUT)/keys
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
		-subj "/O=Somebody else/CN=untrusted key" \
		-keyout $(IMAGE_OUT)/keys/other.key.pem -out $@ 2>/dev/null

# --- firmware, root file systems, disk -------------------------------------

# image-pbxd VERSION DIR: build pbxd and pbxctl for linux/arm64 into DIR,
# stamped with VERSION (as make firmware does).
define image-pbxd
	@mkdir -p $(2)
	cd $(IMAGE_GO_SRC) && CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) build -trimpath \
		-ldflags "-s -w -X main.version=$(1)" -o $(abspath $(2))/pbxd ./cmd/pbxd
	cd $(IMAGE_GO_SRC) && CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) build -trimpath \
		-ldflags "-s -w -X main.version=$(1)" -o $(abspath $(2))/pbxctl ./cmd/pbxctl
endef

# image-rootfs VERSION OUT [PBXD_ENV] [COMPATIBLE]: a root file system slot image.
define image-rootfs
	$(call image-pbxd,$(1),$(2)/fw)
	DEBS=$(IMAGE_OUT)/debs OUT=$(2)/rootfs PBXD=$(2)/fw/pbxd PBXCTL=$(2)/fw/pbxctl \
		VERSION='$(1)' KEYRING=$(IMAGE_CERT) OVERLAYS="$(IMAGE_OVERLAYS)" \
		PBXD_ENV='$(3)' SIZE_MB=$(IMAGE_SLOT_MB) $(IMAGE_DIR)/rootfs.sh
endef

$(IMAGE_OUT)/hookflash.img: $(IMAGE_OUT)/debs/packages.txt $(IMAGE_UBOOT) $(IMAGE_CERT) FORCE
	$(call image-rootfs,$(VERSION),$(IMAGE_OUT)/slot)
	OUT=$(IMAGE_OUT) ROOTFS=$(IMAGE_OUT)/slot/rootfs/rootfs.ext4 SLOT_MB=$(IMAGE_SLOT_MB) \
		DATA_MB=$(IMAGE_DATA_MB) $(IMAGE_DIR)/disk.sh

# --- update bundles ----------------------------------------------------------

# image-bundle OUTFILE VERSION COMPATIBLE ROOTFS KEY CERT: sign a bundle.
define image-bundle
	OUT=$(1) VERSION='$(2)' COMPATIBLE=$(3) ROOTFS=$(4) KEY=$(5) CERT=$(6) \
		KEYRING=$(IMAGE_CERT) $(IMAGE_DIR)/bundle.sh
endef

$(IMAGE_OUT)/hookflash-$(BUNDLE_VERSION).raucb: $(IMAGE_OUT)/debs/packages.txt $(IMAGE_CERT) FORCE
	$(call image-rootfs,$(BUNDLE_VERSION),$(IMAGE_OUT)/bundle-$(BUNDLE_VERSION))
	$(call image-bundle,$@,$(BUNDLE_VERSION),$(IMAGE_COMPATIBLE),$(IMAGE_OUT)/bundle-$(BUNDLE_VERSION)/rootfs/rootfs.ext4,$(IMAGE_KEY),$(IMAGE_CERT))

# The test's bundles: an update (another version), the same signed with an
# untrusted key, one for another board, and one whose pbxd fails its health
# check (it is told an unknown board, so it exits at start).
IMAGE_TEST := $(IMAGE_OUT)/test
.PHONY: image-test-bundles
image-test-bundles: $(IMAGE_OUT)/debs/packages.txt $(IMAGE_CERT) $(IMAGE_OUT)/keys/other.cert.pem
	$(call image-rootfs,$(VERSION)-update,$(IMAGE_TEST)/update)
	$(call image-bundle,$(IMAGE_TEST)/update.raucb,$(VERSION)-update,$(IMAGE_COMPATIBLE),$(IMAGE_TEST)/update/rootfs/rootfs.ext4,$(IMAGE_KEY),$(IMAGE_CERT))
	$(call image-bundle,$(IMAGE_TEST)/badsig.raucb,$(VERSION)-badsig,$(IMAGE_COMPATIBLE),$(IMAGE_TEST)/update/rootfs/rootfs.ext4,$(IMAGE_OUT)/keys/other.key.pem,$(IMAGE_OUT)/keys/other.cert.pem)
	$(call image-bundle,$(IMAGE_TEST)/otherboard.raucb,$(VERSION)-otherboard,hookflash-cm4-carrier,$(IMAGE_TEST)/update/rootfs/rootfs.ext4,$(IMAGE_KEY),$(IMAGE_CERT))
	$(call image-rootfs,$(VERSION)-broken,$(IMAGE_TEST)/broken,PBX_BOARD=no-such-board)
	$(call image-bundle,$(IMAGE_TEST)/broken.raucb,$(VERSION)-broken,$(IMAGE_COMPATIBLE),$(IMAGE_TEST)/broken/rootfs/rootfs.ext4,$(IMAGE_KEY),$(IMAGE_CERT))

.PHONY: FORCE
FORCE:
