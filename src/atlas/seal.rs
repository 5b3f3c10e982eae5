//! Sealed atlases: an atlas's data (its description and files) encrypted with AES-256-GCM under a
//! key generated when it is published, given as 64 hexadecimal digits in the link's fragment
//! (`atlas.html#key=…`), which a browser never sends to a server. A copy of the file without the
//! key shows nothing of the data; a wrong key, or a file altered, is refused (the tag does not
//! match) and said so. The engine opens it itself: an intranet page on plain `http://` is no
//! secure context, and `crypto.subtle` is absent there.
//!
//! Sealed bytes: `SAS1`, a 12-byte nonce, the ciphertext, the 16-byte tag (`SAS1` also
//! authenticated, as associated data): what `www/publish.mjs` writes with Node's AES-256-GCM.

use crate::error::Error;
use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce, Tag};

/// What sealed bytes start with (and what they authenticate besides the data).
pub const MAGIC: &[u8; 4] = b"SAS1";
const NONCE: usize = 12;
const TAG: usize = 16;

/// A key as people carry it: 64 hexadecimal digits, alone, as the fragment gives it (`#key=…`), or
/// the whole link pasted (what follows its `key=`); spaces and line breaks anywhere ignored (a key
/// copied from a mail wrapped in two), either case.
pub fn parse_key(text: &str) -> Result<[u8; 32], Error> {
    // (after the last `key=`, found by a window of bytes: `str::rsplit_once` brings a string
    // searcher into the engine)
    let at = text.as_bytes().windows(4).rposition(|w| w == b"key=");
    let t = at.map_or(text, |i| &text[i + 4..]).trim_start();
    let t = t.strip_prefix('#').unwrap_or(t);
    let (mut key, mut n) = ([0u8; 32], 0usize);
    for (i, c) in t.chars().enumerate() {
        if c.is_ascii_whitespace() {
            continue;
        }
        let Some(d) = c.to_digit(16) else {
            return Err(Error::new(
                "seal-key",
                format!(
                    "a key is hexadecimal digits (0-9, a-f): « {c} » at position {} is not one",
                    i + 1
                ),
            ));
        };
        if let Some(k) = key.get_mut(n / 2) {
            *k |= (d as u8) << (4 * (1 - n % 2));
        }
        n += 1;
    }
    if n != 64 {
        return Err(Error::new(
            "seal-key",
            format!("a key is 64 hexadecimal digits: this one has {n}"),
        ));
    }
    Ok(key)
}

/// `plain` sealed under `key` with `nonce` (never the same twice for one key: the publisher draws
/// both at random for each file).
pub fn seal(plain: &[u8], key: &[u8; 32], nonce: [u8; NONCE]) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAGIC.len() + NONCE + plain.len() + TAG);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&nonce);
    let mut data = plain.to_vec();
    let tag = Aes256Gcm::new(key.into())
        .encrypt_in_place_detached(Nonce::from_slice(&nonce), MAGIC, &mut data)
        .unwrap_or_default(); // (only data over 64 GB is refused)
    out.extend_from_slice(&data);
    out.extend_from_slice(&tag);
    out
}

/// The data of `sealed` under `key`, or why not: not sealed bytes, cut short, or a key that does
/// not open them (a wrong key and altered bytes are told apart by no one: the tag fails).
pub fn open(sealed: &[u8], key: &[u8; 32]) -> Result<Vec<u8>, Error> {
    let Some(rest) = sealed.strip_prefix(MAGIC) else {
        return Err(Error::new(
            "seal-format",
            "these are not the data of a sealed atlas",
        ));
    };
    if rest.len() < NONCE + TAG {
        return Err(Error::new(
            "seal-format",
            format!("the sealed data are cut short ({} bytes)", sealed.len()),
        ));
    }
    let (nonce, rest) = rest.split_at(NONCE);
    let (data, tag) = rest.split_at(rest.len() - TAG);
    let mut plain = data.to_vec();
    Aes256Gcm::new(key.into())
        .decrypt_in_place_detached(
            Nonce::from_slice(nonce),
            MAGIC,
            &mut plain,
            Tag::from_slice(tag),
        )
        .map_err(|_| {
            Error::new(
                "seal-key",
                "this key does not open this atlas (or the file was altered)",
            )
        })?;
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn aes_256_gcm_gives_the_reference_ciphertext_and_tag() {
        // "The Galois/Counter Mode of Operation (GCM)", McGrew & Viega (2005), test case 15:
        // 256-bit key, 64 bytes, no associated data (sealed bytes authenticate `SAS1` besides,
        // which changes the tag, not the ciphertext)
        let key: [u8; 32] = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
            .try_into()
            .unwrap();
        let nonce: [u8; 12] = hex("cafebabefacedbaddecaf888").try_into().unwrap();
        let plain = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
        let mut data = plain.clone();
        let tag = Aes256Gcm::new((&key).into())
            .encrypt_in_place_detached(Nonce::from_slice(&nonce), b"", &mut data)
            .unwrap();
        assert_eq!(data, hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad"));
        assert_eq!(tag.to_vec(), hex("b094dac5d93471bdec1a502270e3cc6c"));
        // sealed: the same ciphertext, framed
        let sealed = seal(&plain, &key, nonce);
        assert_eq!(&sealed[..4], b"SAS1");
        assert_eq!(&sealed[4..16], &nonce);
        assert_eq!(&sealed[16..16 + plain.len()], &data[..]);
        assert_eq!(open(&sealed, &key).unwrap(), plain);
    }

    #[test]
    fn a_wrong_key_altered_or_cut_bytes_are_refused_and_said() {
        let key = [7u8; 32];
        let sealed = seal(b"{\"maps\":[]}", &key, [1; 12]);
        assert_eq!(open(&sealed, &key).unwrap(), b"{\"maps\":[]}");
        let mut other = key;
        other[31] ^= 1;
        let e = open(&sealed, &other).unwrap_err();
        assert_eq!(e.code, "seal-key");
        assert!(e.message.contains("does not open"), "{e}");
        for at in [2, 5, 20, sealed.len() - 1] {
            let mut bad = sealed.clone();
            bad[at] ^= 0x40;
            assert!(open(&bad, &key).is_err(), "byte {at} altered");
        }
        assert!(open(&sealed[..sealed.len() - 1], &key).is_err());
        let e = open(&sealed[..20], &key).unwrap_err();
        assert!(e.message.contains("cut short"), "{e}");
        assert_eq!(open(b"{}", &key).unwrap_err().code, "seal-format");
        // the empty atlas too
        assert_eq!(open(&seal(b"", &key, [0; 12]), &key).unwrap(), b"");
    }

    #[test]
    fn a_key_is_read_as_people_carry_it_or_said_what_is_wrong() {
        let k = "00112233445566778899aabbccddeeffFFEEDDCCBBAA99887766554433221100";
        let want: Vec<u8> = hex(&k.to_lowercase());
        for text in [
            k.to_string(),
            format!("#key={k}"),
            format!("key={k}"),
            format!("file:///C:/Atlas/ventes.html#key={k}"),
            format!("{}\r\n  {}", &k[..30], &k[30..]),
            format!("  {k}\n"),
        ] {
            assert_eq!(parse_key(&text).unwrap().to_vec(), want, "{text:?}");
        }
        let e = parse_key(&k[..62]).unwrap_err();
        assert_eq!(e.message, "a key is 64 hexadecimal digits: this one has 62");
        let e = parse_key(&format!("{}g{}", &k[..9], &k[10..])).unwrap_err();
        assert!(e.message.contains("« g » at position 10"), "{e}");
        assert!(parse_key("").is_err());
        assert!(parse_key(&format!("{k}é"))
            .unwrap_err()
            .message
            .contains("« é » at position 65"));
    }
}
