#![no_main]
//! Any bytes read by two workers, cut anywhere (the first two bytes choose where): the same result
//! as one reading, layer and warnings byte for byte, or the same error; never a panic or a hang.
//! Cut by the page (the first worker has only the text up to the cut): the same result, or a
//! request to read the file in one piece.
use libfuzzer_sys::fuzz_target;
use sealed_atlas::io::snapshot::write_loaded;
use sealed_atlas::io::split::{load_head, load_tail, Cut, RETRY};
use sealed_atlas::io::{load, Options};

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let (pick, text) = (u16::from_le_bytes([data[0], data[1]]) as usize, &data[2..]);
    let cut = pick % (text.len() + 1);
    let opts = Options::default();
    let whole = load(text, "f.geojson", &opts).map(|l| write_loaded(&l)).map_err(|e| e.to_string());
    let mut tail = None;
    let head = load_head(text.to_vec(), "f.geojson", &opts, Cut::At(cut), &mut |_, _| {}, &mut |t, _| {
        tail = load_tail(t.to_vec(), "f.geojson", &mut |_| {});
    });
    let split = head
        .and_then(|h| h.finish(tail.as_deref(), &mut |_, _| {}))
        .map(|l| write_loaded(&l))
        .map_err(|e| e.to_string());
    assert_eq!(whole, split, "cut at {cut}");

    let given = Cut::Given { whole: text.len() };
    let head = load_head(text[..cut].to_vec(), "f.geojson", &opts, given, &mut |_, _| {}, &mut |_, _| {
        panic!("a given head is cut again")
    });
    let tail = load_tail(text[cut..].to_vec(), "f.geojson", &mut |_| {});
    match head.and_then(|h| h.finish(tail.as_deref(), &mut |_, _| {})) {
        Ok(l) => assert_eq!(Ok(write_loaded(&l)), whole, "page cut at {cut}"),
        Err(e) => assert_eq!(e.code, RETRY, "page cut at {cut}: {e}"),
    }
});
