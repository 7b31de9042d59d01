//! The operations every flows backend provides, so that callers do not depend on the Partner
//! API: a Graph API backend (or a fake) can implement the same trait.

use std::future::Future;
use std::pin::Pin;

use crate::error::ApiError;
use crate::model::{
    Asset, AssetList, CreateFlow, Created, Flow, FlowList, FlowPreview, HealthStatus, MigrateFlows,
    Migration, Success, UpdateFlow, Upload,
};

/// A boxed, sendable future (keeps the trait usable as `dyn FlowsBackend`).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The result of a backend call.
pub type ApiResult<T> = Result<T, ApiError>;

/// The WhatsApp Flows operations of one WhatsApp Business Account.
///
/// Implementations retry what is safe to retry (reads and uploads) and never retry
/// [`FlowsBackend::create_flow_once`]; use [`crate::deploy::create_flow`] to create a flow
/// without risking a duplicate.
pub trait FlowsBackend: Send + Sync {
    /// Lists the flows with `fields` (the server's default set when empty).
    fn list_flows<'a>(&'a self, fields: &'a [&'a str]) -> BoxFuture<'a, ApiResult<FlowList>>;

    /// Creates a flow in DRAFT, in exactly one attempt.
    fn create_flow_once<'a>(&'a self, body: &'a CreateFlow) -> BoxFuture<'a, ApiResult<Created>>;

    /// Copies flows from another WABA account into this one.
    fn migrate_flows<'a>(&'a self, body: &'a MigrateFlows) -> BoxFuture<'a, ApiResult<Migration>>;

    /// Reads one flow with `fields` (the server's default set when empty).
    fn get_flow<'a>(&'a self, id: &'a str, fields: &'a [&'a str])
    -> BoxFuture<'a, ApiResult<Flow>>;

    /// Deletes a DRAFT flow.
    fn delete_flow<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ApiResult<Success>>;

    /// Changes a flow's name, categories or endpoint URL.
    fn update_flow<'a>(
        &'a self,
        id: &'a str,
        body: &'a UpdateFlow,
    ) -> BoxFuture<'a, ApiResult<Success>>;

    /// Lists a flow's assets (its flow JSON).
    fn list_assets<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ApiResult<AssetList>>;

    /// Downloads an asset's content.
    fn download_asset<'a>(&'a self, asset: &'a Asset) -> BoxFuture<'a, ApiResult<Vec<u8>>>;

    /// Uploads `bytes`, exactly as given, as the flow's `flow.json`.
    fn upload_flow_json<'a>(
        &'a self,
        id: &'a str,
        bytes: &'a [u8],
    ) -> BoxFuture<'a, ApiResult<Upload>>;

    /// Publishes a DRAFT flow.
    fn publish_flow<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ApiResult<Success>>;

    /// Returns the preview link; `invalidate` asks for a new one.
    fn preview<'a>(
        &'a self,
        id: &'a str,
        invalidate: bool,
    ) -> BoxFuture<'a, ApiResult<FlowPreview>>;

    /// Deprecates a published flow.
    fn deprecate_flow<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ApiResult<Success>>;

    /// Meta's health status of the flow (whether it can be sent, and why not); `None` when the
    /// backend cannot tell (the Partner API has no such field).
    fn health_status<'a>(&'a self, _id: &'a str) -> BoxFuture<'a, ApiResult<Option<HealthStatus>>> {
        Box::pin(async { Ok(None) })
    }

    /// Whether [`FlowsBackend::create_flow_once`] also stores [`CreateFlow::flow_json`] and
    /// answers its validation errors (Graph's create-and-upload in one call).
    fn creates_with_flow_json(&self) -> bool {
        false
    }
}
