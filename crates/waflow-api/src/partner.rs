//! [`PartnerClient`]: the 360dialog Partner API v2 implementation of [`FlowsBackend`].

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderName;
use reqwest::{Method, Url};

use crate::backend::{ApiResult, BoxFuture, FlowsBackend};
use crate::config::{ConfigError, Connection};
use crate::flow_ops::FlowOps;
use crate::model::{
    Asset, AssetList, CreateFlow, Created, Flow, FlowList, FlowPreview, MigrateFlows, Migration,
    Success, UpdateFlow, Upload,
};
use crate::retry::{Idempotency, RetryPolicy};
use crate::transport::{Transport, fields_query};

/// The header carrying the Partner API key.
pub const API_KEY_HEADER: &str = "X-API-Key";

/// Timeouts and retries of a client.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for a whole request, answer included.
    pub request_timeout: Duration,
    /// Time allowed for all the calls of the client together, retries and the waits between
    /// them included, counted from when the client is made (`None`: no limit beyond each
    /// request's). An attempt is cut short when the time left is less than `request_timeout`,
    /// and no retry is made that would start after it.
    pub total_timeout: Option<Duration>,
    /// Retry schedule.
    pub retry: RetryPolicy,
}

impl Default for ClientOptions {
    fn default() -> ClientOptions {
        ClientOptions {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            total_timeout: None,
            retry: RetryPolicy::default(),
        }
    }
}

/// A client of the WhatsApp Flows operations of the 360dialog Partner API v2, for one partner
/// and one WABA account.
pub struct PartnerClient {
    transport: Transport,
    flows: Url,
}

impl fmt::Debug for PartnerClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartnerClient")
            .field("flows", &self.flows.as_str())
            .field("key", &self.transport.secret)
            .field("options", &self.transport.options)
            .finish()
    }
}

impl PartnerClient {
    /// A client for `connection`.
    pub fn new(
        connection: &Connection,
        options: ClientOptions,
    ) -> Result<PartnerClient, ConfigError> {
        let base = connection.base_url()?;
        let mut flows = base.clone();
        flows
            .path_segments_mut()
            .map_err(|()| ConfigError::BaseUrl {
                url: crate::config::origin(&base),
                reason: "it cannot have a path".into(),
            })?
            .pop_if_empty()
            .extend([
                "api",
                "v2",
                "partners",
                &connection.partner_id,
                "waba_accounts",
                &connection.waba_account_id,
                "flows",
            ]);
        let transport = Transport::new(
            base,
            &connection.api_key,
            HeaderName::from_static("x-api-key"),
            connection.api_key.expose(),
            options,
        )?;
        Ok(PartnerClient { transport, flows })
    }

    /// The URL of the flows collection (no secret in it).
    pub fn flows_url(&self) -> &Url {
        &self.flows
    }

    /// The operations on one flow, each at `…/flows/{id}/…`.
    fn flow(&self) -> FlowOps<'_> {
        FlowOps {
            transport: &self.transport,
            base: &self.flows,
        }
    }
}

/// Whether `id` can be sent as one segment of a URL path: not empty, not `.` or `..` (which URL
/// normalisation drops). Other characters, `/` included, are percent-encoded.
pub fn is_flow_id(id: &str) -> bool {
    !matches!(id, "" | "." | "..")
}

impl FlowsBackend for PartnerClient {
    fn list_flows<'a>(&'a self, fields: &'a [&'a str]) -> BoxFuture<'a, ApiResult<FlowList>> {
        Box::pin(async move {
            let url = self.flows.clone();
            let query = fields_query(fields);
            self.transport.get("list flows", &url, &query).await
        })
    }

    fn create_flow_once<'a>(&'a self, body: &'a CreateFlow) -> BoxFuture<'a, ApiResult<Created>> {
        Box::pin(async move {
            let op = format!("create flow \"{}\"", body.name);
            self.transport
                .send_json(&op, Idempotency::Never, Method::POST, &self.flows, body)
                .await
        })
    }

    fn migrate_flows<'a>(&'a self, body: &'a MigrateFlows) -> BoxFuture<'a, ApiResult<Migration>> {
        Box::pin(async move {
            let op = format!("migrate flows from {}", body.source_waba_account_id);
            let mut url = self.flows.clone();
            if let Ok(mut path) = url.path_segments_mut() {
                path.push("migrate");
            }
            self.transport
                .send_json(&op, Idempotency::Unsafe, Method::POST, &url, body)
                .await
        })
    }

    fn get_flow<'a>(
        &'a self,
        id: &'a str,
        fields: &'a [&'a str],
    ) -> BoxFuture<'a, ApiResult<Flow>> {
        Box::pin(self.flow().get(id, fields))
    }

    fn delete_flow<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ApiResult<Success>> {
        Box::pin(self.flow().delete(id))
    }

    fn update_flow<'a>(
        &'a self,
        id: &'a str,
        body: &'a UpdateFlow,
    ) -> BoxFuture<'a, ApiResult<Success>> {
        // The Partner API updates with PATCH.
        Box::pin(self.flow().update(id, Method::PATCH, body))
    }

    fn list_assets<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ApiResult<AssetList>> {
        Box::pin(async move {
            let op = format!("list assets of flow {id}");
            let url = self.flow().url(&op, id, &["assets"]).map_err(|e| *e)?;
            self.transport.get(&op, &url, &[]).await
        })
    }

    fn download_asset<'a>(&'a self, asset: &'a Asset) -> BoxFuture<'a, ApiResult<Vec<u8>>> {
        Box::pin(self.transport.download(&asset.name, &asset.download_url))
    }

    fn upload_flow_json<'a>(
        &'a self,
        id: &'a str,
        bytes: &'a [u8],
    ) -> BoxFuture<'a, ApiResult<Upload>> {
        Box::pin(self.flow().upload_flow_json(id, bytes))
    }

    fn publish_flow<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ApiResult<Success>> {
        Box::pin(self.flow().publish(id))
    }

    fn preview<'a>(
        &'a self,
        id: &'a str,
        invalidate: bool,
    ) -> BoxFuture<'a, ApiResult<FlowPreview>> {
        Box::pin(async move {
            let op = format!("get the preview of flow {id}");
            let url = self.flow().url(&op, id, &["preview"]).map_err(|e| *e)?;
            let query = [("invalidate", invalidate.to_string())];
            self.transport.get(&op, &url, &query).await
        })
    }

    fn deprecate_flow<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ApiResult<Success>> {
        Box::pin(self.flow().deprecate(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::ApiKey;

    #[test]
    fn the_key_only_goes_to_the_api_origin() {
        let base = Url::parse("https://hub.360dialog.io").unwrap_or_else(|e| panic!("{e}"));
        let same = |u: &str| {
            crate::transport::same_origin(&Url::parse(u).unwrap_or_else(|e| panic!("{e}")), &base)
        };
        assert!(same(
            "https://hub.360dialog.io/api/v2/partners/p/waba_accounts/w/flows"
        ));
        assert!(same("https://hub.360dialog.io:443/x"));
        assert!(!same("https://mmg.whatsapp.net/m1/v/t24/flow.json?oe=1"));
        assert!(!same("http://hub.360dialog.io/x"));
        assert!(!same("https://hub.360dialog.io:8443/x"));
    }

    #[test]
    fn paths_are_built_from_segments() {
        let connection = Connection {
            base_url: "http://127.0.0.1:9/".into(),
            partner_id: "a/b".into(),
            waba_account_id: "wWA".into(),
            api_key: ApiKey::new("k"),
        };
        let client = PartnerClient::new(&connection, ClientOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            client
                .flow()
                .url("x", "123", &["assets"])
                .map(String::from)
                .unwrap_or_default(),
            "http://127.0.0.1:9/api/v2/partners/a%2Fb/waba_accounts/wWA/flows/123/assets"
        );
        assert!(!format!("{client:?}").contains("ApiKey(\"k\")"));
    }
}
