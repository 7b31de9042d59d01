//! The `endpoint/…` rules: how a flow is linked to its endpoint (`data_api_version`,
//! `routing_model`, `data_channel_uri`, `refresh_on_back`).

pub(super) mod data_api_version_needs_routing_model;
pub(super) mod data_channel_uri_format;
pub(super) mod data_channel_uri_removed;
pub(super) mod data_exchange_needs_data_api_version;
pub(super) mod endpoint_uri_before_publish;
pub(super) mod health_check_before_publish;
pub(super) mod refresh_on_back_without_endpoint;
pub(super) mod unsupported_data_api_version;
