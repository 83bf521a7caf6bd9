package sipauth

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
)

// DefaultRealm is the digest realm when the box-wide setting is unset.
const DefaultRealm = "hookflash"

// RealmSetting is the key of the box-wide setting (a JSON string) that
// holds the digest realm.
const RealmSetting = "sip_realm"

// HA1 returns the digest HA1 hashes of a device's password, as hex: MD5 and
// SHA-256 of "username:realm:password". The web UI stores them in
// store.SIPDevice.HA1MD5 and HA1SHA256 and forgets the password. It is safe
// for concurrent use.
func HA1(username, realm, password string) (md5Hex, sha256Hex string) {
	a1 := username + ":" + realm + ":" + password
	m := md5.Sum([]byte(a1))
	s := sha256.Sum256([]byte(a1))
	return hex.EncodeToString(m[:]), hex.EncodeToString(s[:])
}

// AlgorithmsSetting is the key of the box-wide setting (a JSON list such as
// ["MD5", "SHA-256"]) that names the digest algorithms phones are
// challenged with, in order. Unset means MD5 then SHA-256. Some phones (and
// the libre stack under baresip 1.0) give up when any challenge is not MD5:
// ["MD5"] serves them.
const AlgorithmsSetting = "sip_digest_algorithms"
