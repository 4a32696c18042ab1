//! The `.hjx` parser on arbitrary text: see `hjx_tests::fuzz::syntax`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hjx_tests::fuzz::syntax(data));
