//! The error collector shared by every parser of this crate.

use quote::ToTokens;
use std::cell::RefCell;
use std::fmt::Display;
use std::thread;

/// Collects spanned errors so that users see every bad annotation at once.
///
/// The parsers of this crate take a `&Ctxt`, record what they find wrong and go on. Call
/// [`Ctxt::check`] when parsing is done: dropping a `Ctxt` without checking it panics, so an
/// error can never be lost.
///
/// ```
/// let cx = amf_model::Ctxt::new();
/// let input: syn::DeriveInput = syn::parse_quote! {
///     #[amf(alias = "")]
///     struct User { name: String }
/// };
/// amf_model::parse_container(&cx, &input);
/// let err = cx.check().unwrap_err();
/// assert_eq!(err.to_string(), "empty class alias");
/// ```
#[derive(Debug)]
pub struct Ctxt {
    /// `None` once checked.
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Ctxt {
    /// An empty collector, which must be [`check`](Ctxt::check)ed before it is dropped.
    pub fn new() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    /// Records `msg`, spanned on the tokens of `obj`.
    pub fn error_spanned_by<A: ToTokens, T: Display>(&self, obj: A, msg: T) {
        self.syn_error(syn::Error::new_spanned(obj.into_token_stream(), msg));
    }

    /// Records an error built elsewhere, such as a failed `syn` parse.
    pub fn syn_error(&self, err: syn::Error) {
        self.errors
            .borrow_mut()
            .as_mut()
            .expect("Ctxt used after check")
            .push(err);
    }

    /// Consumes the collector: `Ok` if nothing was recorded, otherwise all the errors combined
    /// into one `syn::Error` (iterate it to see each error with its span).
    pub fn check(self) -> syn::Result<()> {
        let errors = self.errors.borrow_mut().take().expect("Ctxt checked twice");
        let mut errors = errors.into_iter();
        match errors.next() {
            None => Ok(()),
            Some(mut combined) => {
                combined.extend(errors);
                Err(combined)
            }
        }
    }
}

impl Default for Ctxt {
    fn default() -> Self {
        Ctxt::new()
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !thread::panicking() && self.errors.borrow().is_some() {
            panic!("Ctxt dropped without check()");
        }
    }
}
