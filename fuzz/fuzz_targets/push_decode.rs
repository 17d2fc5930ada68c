//! Arbitrary bytes as the body of `POST /v1/push`, through what the server does before it writes:
//! axum's JSON extractor into the wire type, the handler's checks (`api::check_push`), the merge
//! (`merge::plan`, which checks every new mutation) and the unique-key conflicts
//! (`merge::duplicates`). Then the same batch again (nothing new), and the same batch from another
//! device onto the rows it made (conflicts).
#![no_main]

use std::collections::HashMap;

use axum::Json;
use libfuzzer_sys::fuzz_target;
use xiaoqi_protocol::PushRequest;
use xiaoqi_protocol::unique::keys_of;
use xiaoqi_server::api::check_push;
use xiaoqi_server::merge::{
    Holder, Holders, Loaded, Plan, decode_meta, duplicates, encode_meta, key_value, plan,
    planned_keys,
};

const COLLEGE: &str = "college-1";
const NOW: &str = "2026-07-01T08:00:00.000Z";

fuzz_target!(|data: &[u8]| {
    let Ok(Json(req)) = Json::<PushRequest>::from_bytes(data) else {
        return;
    };
    if check_push(&req).is_err() {
        return;
    }
    let mut n = 0u64;
    let mut new_id = move || {
        n += 1;
        format!("conflict-{n}")
    };
    let device = req.device_id.as_str();
    let Ok(mut first) = plan(
        COLLEGE,
        device,
        Loaded::default(),
        &req.mutations,
        NOW,
        &mut new_id,
    ) else {
        return;
    };
    let fresh = req.mutations.iter().filter(|m| m.id > 0).count() as u64;
    assert_eq!(first.acked, fresh, "everything new is acknowledged");
    assert_eq!(first.log.len() as u64, fresh);
    for row in first.rows.values() {
        assert_eq!(
            row.columns.get("college_id"),
            Some(&COLLEGE.into()),
            "the token's college"
        );
        assert_eq!(
            decode_meta(&encode_meta(&row.meta)).ok().as_ref(),
            Some(&row.meta)
        );
    }
    duplicates(&mut first, COLLEGE, &Holders::new(), NOW, &mut new_id);
    let _ = planned_keys(&first);

    // The same batch again: already applied, nothing new.
    let loaded = Loaded {
        version: first.version,
        acked: first.acked,
        rows: first.rows.clone().into_iter().collect(),
    };
    let again = plan(COLLEGE, device, loaded, &req.mutations, NOW, &mut new_id)
        .expect("a batch applied is accepted again");
    assert!(again.log.is_empty() && again.rows.is_empty(), "nothing new");
    assert_eq!((again.version, again.acked), (first.version, first.acked));

    // The same batch from another device, onto the rows the first one made.
    let loaded = Loaded {
        version: first.version,
        acked: 0,
        rows: first.rows.clone().into_iter().collect(),
    };
    let other = if device == "other-device" {
        "another-device"
    } else {
        "other-device"
    };
    let mut second = plan(COLLEGE, other, loaded, &req.mutations, NOW, &mut new_id)
        .expect("the same batch from another device");
    duplicates(&mut second, COLLEGE, &holders(&first), NOW, &mut new_id);
});

/// The rows holding each unique key after `plan`, as the storage would find them.
fn holders(plan: &Plan) -> Holders {
    let mut out: Holders = HashMap::new();
    for ((table, row_id), row) in &plan.rows {
        for key in keys_of(table) {
            if let Some(value) = key_value(key, row) {
                out.entry((table.clone(), key.columns.join(","), value))
                    .or_default()
                    .push(Holder {
                        row_id: row_id.clone(),
                        by: row.meta.get(key.columns[0]).cloned(),
                    });
            }
        }
    }
    out
}
