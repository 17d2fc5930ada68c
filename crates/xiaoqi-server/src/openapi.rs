//! The OpenAPI 3.1 document of the API, served at `GET /v1/openapi.json`: every route of
//! `api::routes` with its method, parameters, bodies and error replies (utoipa, from the
//! handlers' `#[utoipa::path]`). A test checks that the document and the router name the same
//! paths and methods.

use axum::Json;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayItems, KnownFormat, Schema, SchemaFormat,
};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, Number, OpenApi};

use crate::api;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "校企通省级同步服务器 API",
        description = "学校的设备推送（/v1/push）与拉取（/v1/pull）本校记录；省级令牌只读汇总数据（/v1/province/figures）。\
                       令牌放在 Authorization: Bearer … 中，决定所属学校。错误一律为 {code, message}。"
    ),
    paths(
        api::health,
        serve,
        api::session,
        api::push,
        api::pull,
        api::college_figures,
        api::province_figures,
    ),
    modifiers(&BearerToken, &UnsignedRanges),
    tags(
        (name = "sync", description = "设备同步"),
        (name = "figures", description = "汇总数据（与学校端统计同一口径）"),
        (name = "server", description = "服务器"),
    )
)]
pub struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// utoipa writes a `u32` as `int32` with `minimum: 0`, which says no value passes 2^31 - 1,
/// while the server takes (and may send) any `u32`: such a field becomes `int64` with
/// `maximum: 4294967295`. A `u64` stays `int64`: the server refuses what passes `i64::MAX`
/// (`api::MAX_COUNTER`), since its databases keep those as signed 64-bit integers.
struct UnsignedRanges;

impl Modify for UnsignedRanges {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            for schema in components.schemas.values_mut() {
                widen_u32(schema);
            }
        }
    }
}

fn widen_u32(schema: &mut RefOr<Schema>) {
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::Object(o) => {
            let unsigned = match o.minimum {
                Some(Number::Int(m)) => m == 0,
                Some(Number::UInt(m)) => m == 0,
                Some(Number::Float(m)) => m == 0.0,
                None => false,
            };
            if unsigned && o.format == Some(SchemaFormat::KnownFormat(KnownFormat::Int32)) {
                o.format = Some(SchemaFormat::KnownFormat(KnownFormat::Int64));
                o.maximum = Some(Number::UInt(u32::MAX as usize));
            }
            o.properties.values_mut().for_each(widen_u32);
            if let Some(AdditionalProperties::RefOr(s)) = o.additional_properties.as_deref_mut() {
                widen_u32(s);
            }
        }
        Schema::Array(a) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                widen_u32(items);
            }
        }
        Schema::AllOf(c) => c.items.iter_mut().for_each(widen_u32),
        Schema::OneOf(c) => c.items.iter_mut().for_each(widen_u32),
        Schema::AnyOf(c) => c.items.iter_mut().for_each(widen_u32),
        _ => {}
    }
}

/// The document as JSON.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    doc
}

/// This document.
#[utoipa::path(get, path = "/v1/openapi.json", tag = "server",
    responses((status = 200, description = "OpenAPI 3.1 文档", body = Object)))]
pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use axum::body::Body;
    use axum::http::{Method, Request, StatusCode};
    use tower::ServiceExt;

    use super::*;
    use crate::storage::sqlite::SqliteStorage;

    /// Every route of the router is in the document with exactly the methods it answers.
    #[tokio::test]
    async fn the_document_lists_every_route_and_method_of_the_router() {
        let doc = serde_json::to_value(document()).expect("json");
        assert_eq!(doc["openapi"].as_str().map(|v| &v[..3]), Some("3.1"));
        let paths = doc["paths"].as_object().expect("paths");
        let documented: BTreeSet<(String, String)> = paths
            .iter()
            .flat_map(|(p, item)| {
                item.as_object()
                    .into_iter()
                    .flat_map(|o| o.keys())
                    .map(move |m| (p.clone(), m.to_uppercase()))
            })
            .collect();
        // Every response says what it is (OpenAPI requires a description).
        for (path, item) in paths {
            for (method, op) in item.as_object().into_iter().flatten() {
                for (status, response) in op["responses"].as_object().expect("responses") {
                    assert!(
                        response["description"].is_string(),
                        "{method} {path} {status}"
                    );
                }
            }
        }
        let routed: BTreeSet<&str> = api::routes::<SqliteStorage>()
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        let doc_paths: BTreeSet<&str> = paths.keys().map(String::as_str).collect();
        assert_eq!(routed, doc_paths);

        let app = crate::router(SqliteStorage::open_in_memory().expect("storage"));
        for path in routed {
            for method in [Method::GET, Method::POST, Method::PUT, Method::DELETE] {
                let res = app
                    .clone()
                    .oneshot(
                        Request::builder()
                            .method(method.clone())
                            .uri(path)
                            .body(Body::empty())
                            .expect("request"),
                    )
                    .await
                    .expect("response");
                let answered = res.status() != StatusCode::METHOD_NOT_ALLOWED
                    && res.status() != StatusCode::NOT_FOUND;
                let listed = documented.contains(&(path.to_string(), method.to_string()));
                assert_eq!(answered, listed, "{method} {path}: {}", res.status());
            }
        }
    }
}
