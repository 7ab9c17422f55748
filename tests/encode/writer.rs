//! `Writer` on a sink that is exactly full or too small: each call writes
//! its whole value or nothing, and `BufferFull::needed` is what was written
//! so far plus that value. Found by the `writer` fuzz target. From Erlang:
//! term_to_binary(ok, [{minor_version, 2}]) = <<131,119,2,111,107>>;
//! term_to_binary([256,256,1], [{minor_version, 2}]) is 19 bytes.
use gateway_etf::Error;
use gateway_etf::encode::SliceSink;
use gateway_etf::encode::Writer;

#[test]
fn atom_fits_an_exactly_sized_buffer() {
    let mut buf = [0u8; 5];
    let mut w = Writer::new(SliceSink::new(&mut buf));
    w.version().unwrap();
    assert_eq!(w.atom("ok").map(|_| ()), Ok(()));
    assert_eq!(w.into_sink().into_written(), &[131, 119, 2, b'o', b'k']);
}

#[test]
fn atom_too_big_needs_exactly_its_size() {
    let mut buf = [0u8; 3];
    let mut w = Writer::new(SliceSink::new(&mut buf));
    assert_eq!(w.atom("ok").map(|_| ()), Err(Error::BufferFull { needed: 4 }));
    assert!(w.into_sink().is_empty());
}

#[test]
fn uint_list_too_big_writes_nothing_and_needs_the_whole_list() {
    let mut buf = [0u8; 6];
    let mut w = Writer::new(SliceSink::new(&mut buf));
    assert_eq!(w.uint_list(&[256, 256, 1]).map(|_| ()), Err(Error::BufferFull { needed: 18 }));
    assert!(w.into_sink().is_empty(), "header left without its elements");
}

#[test]
fn uint_list_fits_an_exactly_sized_buffer() {
    let mut buf = [0u8; 18];
    let mut w = Writer::new(SliceSink::new(&mut buf));
    assert!(w.uint_list(&[256, 256, 1]).is_ok());
    assert_eq!(w.into_sink().len(), 18);
}
