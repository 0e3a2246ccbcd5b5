//! The error collector.

use amf_model::Ctxt;

#[test]
fn check_is_ok_without_errors() {
    assert!(Ctxt::new().check().is_ok());
}

#[test]
fn check_combines_every_error() {
    let cx = Ctxt::default();
    cx.error_spanned_by(quote::quote!(a), "first");
    cx.syn_error(syn::Error::new(proc_macro2::Span::call_site(), "second"));
    let messages: Vec<String> = cx
        .check()
        .unwrap_err()
        .into_iter()
        .map(|e| e.to_string())
        .collect();
    assert_eq!(messages, ["first", "second"]);
}

#[test]
#[should_panic(expected = "Ctxt dropped without check()")]
fn dropping_unchecked_panics() {
    let _cx = Ctxt::new();
}
