// Package qemutest boots the Hookflash disk image in qemu and tests it
// through its web API: the boot to a working web UI, and A/B updates
// (installed, refused, rolled back). Run it with make test-image, which
// builds the image and the test bundles first and sets HOOKFLASH_IMAGE_DIR;
// without it the tests are skipped. The tests of the network start script
// (network_script_test.go) need no image: they run the script in a network
// namespace of their own where unshare -rn works, and skip elsewhere.
package qemutest
