//! [`GraphClient`]: Meta's Graph API (Cloud API) implementation of [`FlowsBackend`].
//!
//! The same operations as the Partner API in Meta's own envelope: paths under
//! `/{version}/{WABA-ID}/flows` and `/{version}/{FLOW-ID}`, a Bearer token, `{data, paging}`
//! lists (every page is read), the preview as a field (`fields=preview.invalidate(…)`), and two
//! abilities the Partner API lacks: creating a flow with its flow JSON in one call, and the flow's
//! `health_status`.

use std::fmt;

use reqwest::header::AUTHORIZATION;
use reqwest::{Method, Url};
use serde::Deserialize;
use serde_json::Map;

use crate::backend::{ApiResult, BoxFuture, FlowsBackend};
use crate::config::ConfigError;
use crate::error::ApiError;
use crate::flow_ops::FlowOps;
use crate::model::{
    Asset, AssetList, CreateFlow, Created, Flow, FlowList, FlowPreview, HealthStatus, MigrateFlows,
    Migration, Success, UpdateFlow, Upload,
};
use crate::partner::ClientOptions;
use crate::retry::Idempotency;
use crate::secret::ApiKey;
use crate::transport::{Transport, fields_query};

/// Meta's Graph API.
pub const DEFAULT_GRAPH_BASE_URL: &str = "https://graph.facebook.com";
/// The Graph API version used unless another is given (`--graph-version`,
/// `WAFLOW_GRAPH_VERSION`, `graph_version` in an `[env.<name>]` table).
pub const DEFAULT_GRAPH_VERSION: &str = "v26.0";
/// Most pages of a list read (Graph pages hold 25 or more items by default).
const MAX_PAGES: usize = 400;

/// Everything needed to talk to one WhatsApp Business Account through the Graph API.
#[derive(Debug, Clone)]
pub struct GraphConnection {
    /// Base URL (origin), e.g. `https://graph.facebook.com`.
    pub base_url: String,
    /// Graph API version, `vNN.N`.
    pub version: String,
    /// Meta's numeric WABA id.
    pub waba_id: String,
    /// The system-user access token (redacted in `Debug`).
    pub token: ApiKey,
}

/// Whether `version` is a Graph API version, `v` then digits, a dot and digits (`v24.0`).
pub fn is_graph_version(version: &str) -> bool {
    let Some((major, minor)) = version
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('.'))
    else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    digits(major) && digits(minor)
}

/// A client of the WhatsApp Flows operations of Meta's Graph API, for one WABA.
pub struct GraphClient {
    transport: Transport,
    /// `{base}/{version}`.
    root: Url,
    waba_id: String,
}

impl fmt::Debug for GraphClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GraphClient")
            .field("root", &self.root.as_str())
            .field("waba_id", &self.waba_id)
            .field("token", &self.transport.secret)
            .field("options", &self.transport.options)
            .finish()
    }
}

/// One page of a Graph list.
#[derive(Deserialize)]
struct Page<T> {
    #[serde(default = "Vec::new")]
    data: Vec<T>,
    #[serde(default)]
    paging: Option<Paging>,
}

/// Graph's `paging`: cursors, and `next` only when there is a next page.
#[derive(Deserialize)]
struct Paging {
    #[serde(default)]
    cursors: Option<Cursors>,
    #[serde(default)]
    next: Option<String>,
}

#[derive(Deserialize)]
struct Cursors {
    #[serde(default)]
    after: Option<String>,
}

impl Paging {
    /// The cursor of the next page, when there is one.
    fn after(&self) -> Option<&str> {
        self.next.as_ref()?;
        self.cursors.as_ref()?.after.as_deref()
    }
}

/// The answer of a read of `health_status`.
#[derive(Deserialize)]
struct HealthAnswer {
    health_status: Option<HealthStatus>,
}

impl GraphClient {
    /// A client for `connection`.
    pub fn new(
        connection: &GraphConnection,
        options: ClientOptions,
    ) -> Result<GraphClient, ConfigError> {
        let base = crate::config::checked_base_url(&connection.base_url)?;
        if !is_graph_version(&connection.version) {
            return Err(ConfigError::BadGraphVersion);
        }
        let mut root = base.clone();
        root.path_segments_mut()
            .map_err(|()| ConfigError::BaseUrl {
                url: crate::config::origin(&base),
                reason: "it cannot have a path".into(),
            })?
            .pop_if_empty()
            .push(&connection.version);
        let value = format!("Bearer {}", connection.token.expose());
        let transport = Transport::new(base, &connection.token, AUTHORIZATION, &value, options)?;
        Ok(GraphClient {
            transport,
            root,
            waba_id: connection.waba_id.clone(),
        })
    }

    /// The URL of the WABA's flows collection (no secret in it).
    pub fn flows_url(&self) -> Url {
        self.url_of(&[&self.waba_id, "flows"])
    }

    fn url_of(&self, segments: &[&str]) -> Url {
        let mut url = self.root.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.extend(segments);
        }
        url
    }

    /// The operations on one flow, each at `/{version}/{id}/…`.
    fn flow(&self) -> FlowOps<'_> {
        FlowOps {
            transport: &self.transport,
            base: &self.root,
        }
    }

    /// Every item of a Graph list, following the `after` cursor while there is a next page.
    async fn all_pages<T: serde::de::DeserializeOwned>(
        &self,
        operation: &str,
        url: Url,
        query: Vec<(&'static str, String)>,
    ) -> ApiResult<Vec<T>> {
        let mut items = Vec::new();
        let mut after: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut query = query.clone();
            if let Some(cursor) = &after {
                query.push(("after", cursor.clone()));
            }
            let page: Page<T> = self.transport.get(operation, &url, &query).await?;
            let empty = page.data.is_empty();
            items.extend(page.data);
            match page.paging.as_ref().and_then(Paging::after) {
                Some(next) if !empty && after.as_deref() != Some(next) => {
                    after = Some(next.to_owned());
                }
                _ => return Ok(items),
            }
        }
        Err(ApiError::Decode {
            operation: operation.to_owned(),
            reason: format!("more than {MAX_PAGES} pages: the server's paging does not end"),
        })
    }
}

impl FlowsBackend for GraphClient {
    fn list_flows<'a>(&'a self, fields: &'a [&'a str]) -> BoxFuture<'a, ApiResult<FlowList>> {
        Box::pin(async move {
            let flows: Vec<Flow> = self
                .all_pages("list flows", self.flows_url(), fields_query(fields))
                .await?;
            let n = flows.len() as u64;
            Ok(FlowList {
                flows,
                count: Some(n),
                total: Some(n),
                extra: Map::new(),
            })
        })
    }

    fn create_flow_once<'a>(&'a self, body: &'a CreateFlow) -> BoxFuture<'a, ApiResult<Created>> {
        Box::pin(async move {
            let op = format!("create flow \"{}\"", body.name);
            self.transport
                .send_json(
                    &op,
                    Idempotency::Never,
                    Method::POST,
                    &self.flows_url(),
                    body,
                )
                .await
        })
    }

    fn migrate_flows<'a>(&'a self, body: &'a MigrateFlows) -> BoxFuture<'a, ApiResult<Migration>> {
        Box::pin(async move {
            let op = format!("migrate flows from {}", body.source_waba_account_id);
            let url = self.url_of(&[&self.waba_id, "migrate_flows"]);
            let mut query = vec![("source_waba_id", body.source_waba_account_id.clone())];
            if !body.source_flow_names.is_empty() {
                let names = serde_json::to_string(&body.source_flow_names).map_err(|e| {
                    ApiError::Decode {
                        operation: op.clone(),
                        reason: e.to_string(),
                    }
                })?;
                query.push(("source_flow_names", names));
            }
            self.transport
                .call(&op, Idempotency::Unsafe, || {
                    self.transport
                        .request(Method::POST, url.clone())
                        .query(&query)
                })
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
        // The Graph API updates with POST.
        Box::pin(self.flow().update(id, Method::POST, body))
    }

    fn list_assets<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ApiResult<AssetList>> {
        Box::pin(async move {
            let op = format!("list assets of flow {id}");
            let url = self.flow().url(&op, id, &["assets"]).map_err(|e| *e)?;
            let assets: Vec<Asset> = self.all_pages(&op, url, Vec::new()).await?;
            let n = assets.len() as u64;
            Ok(AssetList {
                assets,
                count: Some(n),
                total: Some(n),
                extra: Map::new(),
            })
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
            let url = self.flow().url(&op, id, &[]).map_err(|e| *e)?;
            let query = [("fields", format!("preview.invalidate({invalidate})"))];
            self.transport.get(&op, &url, &query).await
        })
    }

    fn deprecate_flow<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ApiResult<Success>> {
        Box::pin(self.flow().deprecate(id))
    }

    fn health_status<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ApiResult<Option<HealthStatus>>> {
        Box::pin(async move {
            let op = format!("get the health status of flow {id}");
            let url = self.flow().url(&op, id, &[]).map_err(|e| *e)?;
            let query = [("fields", "health_status".to_owned())];
            let answer: HealthAnswer = self.transport.get(&op, &url, &query).await?;
            Ok(answer.health_status)
        })
    }

    fn creates_with_flow_json(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(version: &str) -> Result<GraphClient, ConfigError> {
        GraphClient::new(
            &GraphConnection {
                base_url: "http://127.0.0.1:9".into(),
                version: version.into(),
                waba_id: "1234".into(),
                token: ApiKey::new("EAAG-token-1234"),
            },
            ClientOptions::default(),
        )
    }

    #[test]
    fn paths_are_versioned_and_keyed_by_waba_or_flow() {
        let c = client("v24.0").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            c.flows_url().as_str(),
            "http://127.0.0.1:9/v24.0/1234/flows"
        );
        assert_eq!(
            c.flow()
                .url("x", "99", &["assets"])
                .map(String::from)
                .unwrap_or_default(),
            "http://127.0.0.1:9/v24.0/99/assets"
        );
        assert!(c.flow().url("x", "..", &[]).is_err());
        assert!(!format!("{c:?}").contains("EAAG-token-1234"));
    }

    #[test]
    fn versions_are_vnn_dot_n() {
        for good in ["v24.0", "v9.1", "v100.10"] {
            assert!(is_graph_version(good), "{good}");
        }
        for bad in ["24.0", "v24", "v24.", "v.0", "va.b", "v24.0/x", ""] {
            assert!(!is_graph_version(bad), "{bad}");
        }
        assert!(matches!(client("24.0"), Err(ConfigError::BadGraphVersion)));
    }
}
