#![no_main]
// A sealed atlas's bytes and a key come from whoever hands over the file and the link: any key
// text is read or refused with a reason, any bytes are opened or refused, never a panic; what is
// sealed opens again with its key.
use libfuzzer_sys::fuzz_target;
use sealed_atlas::atlas::seal::{open, parse_key, seal};

fuzz_target!(|data: &[u8]| {
    // the first byte cuts the key text from the sealed bytes
    let Some((&cut, rest)) = data.split_first() else { return };
    let (text, bytes) = rest.split_at((cut as usize).min(rest.len()));
    if let Ok(key) = parse_key(&String::from_utf8_lossy(text)) {
        let _ = open(bytes, &key);
        let sealed = seal(bytes, &key, [cut; 12]);
        assert_eq!(open(&sealed, &key).as_deref(), Ok(bytes));
    }
    let key = [cut; 32];
    assert!(open(bytes, &key).is_err() || bytes.starts_with(b"SAS1"));
});
