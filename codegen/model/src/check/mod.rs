//! Rules across items (fields against fields, methods against methods, attributes against
//! shapes), one function per rule. They run on the finished model, after the attributes.

mod data;
mod service;

pub(crate) use data::check_container;
pub(crate) use service::check_service;

use std::collections::hash_map::{Entry, HashMap};

/// Calls `report(first, second)` for every item whose key an earlier item already has.
fn duplicates<'i, T: 'i>(
    items: impl IntoIterator<Item = &'i T>,
    key: impl Fn(&'i T) -> &'i str,
    mut report: impl FnMut(&'i T, &'i T),
) {
    let mut seen = HashMap::new();
    for item in items {
        match seen.entry(key(item)) {
            Entry::Occupied(first) => report(*first.get(), item),
            Entry::Vacant(slot) => {
                slot.insert(item);
            }
        }
    }
}
