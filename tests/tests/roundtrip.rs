//! Property-based round trips through our own codec: arbitrary `Value` trees (every AMF3 type,
//! shared subtrees, repeated strings and classes, cycles) and typed values come back equal, and
//! re-encoding what was decoded gives the same bytes (references included).

use std::collections::{BTreeMap, HashMap};

use amf_runtime::amf3::{self, ByteArray, Date, Value};
use amf_tests::{arb_cyclic_value, arb_value, check_same, ValueConfig};
use proptest::prelude::*;

fn round_trip(value: &Value) -> Result<(), TestCaseError> {
    let bytes = amf3::to_vec(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: Value = amf3::from_slice(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
    check_same(&back, value)?;
    let again = amf3::to_vec(&back).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(
        again,
        bytes,
        "re-encoding the decoded value changed the bytes"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn values_round_trip(value in arb_value()) {
        round_trip(&value)?;
    }

    #[test]
    fn cyclic_values_round_trip(value in arb_cyclic_value(ValueConfig::ALL)) {
        round_trip(&value)?;
    }

    #[test]
    fn typed_values_round_trip(
        wide in proptest::collection::vec(-(1i64 << 53)..=(1i64 << 53), 0..20),
        small in any::<(i8, u16, i32, u32)>(),
        text in ".*",
        bytes in proptest::collection::vec(any::<u8>(), 0..64),
        map in proptest::collection::btree_map("[a-z]{1,8}", any::<f64>().prop_filter("not NaN", |f| !f.is_nan()), 0..8),
        maybe in proptest::option::of(any::<bool>()),
        millis in -1.0e13..1.0e13f64,
    ) {
        prop_assert_eq!(typed(&wide)?, wide);
        prop_assert_eq!(typed(&small.0)?, small.0);
        prop_assert_eq!(typed(&small.1)?, small.1);
        prop_assert_eq!(typed(&small.2)?, small.2);
        prop_assert_eq!(typed(&small.3)?, small.3);
        prop_assert_eq!(typed(&text)?, text);
        prop_assert_eq!(typed(&ByteArray(bytes.clone()))?, ByteArray(bytes.clone()));
        prop_assert_eq!(typed(&bytes)?, bytes);
        prop_assert_eq!(typed(&map)?, map.clone());
        let hashed: HashMap<String, f64> = typed(&map.iter().map(|(k, v)| (k.clone(), *v)).collect::<HashMap<_, _>>())?;
        prop_assert_eq!(hashed.into_iter().collect::<BTreeMap<_, _>>(), map);
        prop_assert_eq!(typed(&maybe)?, maybe);
        let date: Date = typed(&Date { millis })?;
        prop_assert_eq!(date.millis.to_bits(), millis.to_bits());
    }
}

/// Encodes `value` and decodes it back as the same type.
fn typed<T: amf3::Encode + amf3::DecodeOwned>(value: &T) -> Result<T, TestCaseError> {
    let bytes = amf3::to_vec(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    amf3::from_slice(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))
}
