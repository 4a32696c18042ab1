//! The client-frame decoder on arbitrary bytes: see `hjx_tests::fuzz::frame`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hjx_tests::fuzz::frame(data));
