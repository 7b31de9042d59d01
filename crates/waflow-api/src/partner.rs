//! [`PartnerClient`]: the 360dialog Partner API v2 implementation of [`FlowsBackend`].

use std::error::Error as _;
use std::fmt;
use std::time::Duration;

use backon::Retryable;
use reqwest::header::{HeaderValue, RETRY_AFTER};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, RequestBuilder, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::backend::{ApiResult, BoxFuture, FlowsBackend};
use crate::config::{ConfigError, Connection};
use crate::error::{ApiError, Permanent, decode_error, parse_error_body};
use crate::model::{
    Asset, AssetList, CreateFlow, Created, Flow, FlowList, FlowPreview, MigrateFlows, Migration,
    Success, UpdateFlow, Upload,
};
use crate::retry::{Deadline, Idempotency, RetryPolicy, parse_retry_after};
use crate::secret::ApiKey;

/// The header carrying the Partner API key.
pub const API_KEY_HEADER: &str = "X-API-Key";

/// Largest answer read (an asset download included; Meta's limit for a flow JSON is 10 MB). A
/// larger answer is refused without being read, so a misbehaving server cannot exhaust memory.
const MAX_ANSWER: usize = 20 * 1024 * 1024;

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
    http: reqwest::Client,
    base: Url,
    flows: Url,
    key: ApiKey,
    /// The key as a header value (checked once, marked sensitive).
    key_header: HeaderValue,
    options: ClientOptions,
    deadline: Deadline,
}

impl fmt::Debug for PartnerClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartnerClient")
            .field("flows", &self.flows.as_str())
            .field("key", &self.key)
            .field("options", &self.options)
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
        let mut http = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .redirect(redirect_policy(base.clone()))
            .user_agent(concat!("waflow/", env!("CARGO_PKG_VERSION")));
        if base.scheme() == "http" {
            // Plain http is only allowed to loopback (see `Connection::base_url`); through a
            // proxy (HTTP_PROXY, ALL_PROXY) the key would cross the network in clear text.
            http = http.no_proxy();
        }
        let http = http
            .build()
            .map_err(|e| ConfigError::Http(e.without_url().to_string()))?;
        let mut key_header = HeaderValue::from_str(connection.api_key.expose())
            .ok()
            .filter(|_| connection.api_key.is_sendable())
            .ok_or(ConfigError::UnsendableKey)?;
        key_header.set_sensitive(true);
        Ok(PartnerClient {
            http,
            base,
            flows,
            key: connection.api_key.clone(),
            key_header,
            deadline: Deadline::after(options.total_timeout),
            options,
        })
    }

    /// The URL of the flows collection (no secret in it).
    pub fn flows_url(&self) -> &Url {
        &self.flows
    }

    /// The URL of `…/flows/{id}/rest…`; an [`ApiError::InvalidId`] for `operation` when `id`
    /// is not one path segment.
    fn url(&self, operation: &str, id: &str, rest: &[&str]) -> Result<Url, Box<ApiError>> {
        if !is_flow_id(id) {
            return Err(Box::new(ApiError::InvalidId {
                operation: operation.to_owned(),
                id: id.to_owned(),
            }));
        }
        let mut url = self.flows.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.push(id).extend(rest);
        }
        Ok(url)
    }

    fn request(&self, method: Method, url: Url) -> RequestBuilder {
        let builder = self.http.request(method, url.clone());
        if same_origin(&url, &self.base) {
            builder.header(API_KEY_HEADER, self.key_header.clone())
        } else {
            builder
        }
    }

    /// Sends the request `build` makes, retrying as `idempotency` allows, and reads the body.
    async fn call_bytes(
        &self,
        operation: &str,
        idempotency: Idempotency,
        build: impl Fn() -> RequestBuilder,
    ) -> ApiResult<Vec<u8>> {
        let policy = &self.options.retry;
        let attempt = || async {
            let (timeout, limit) = self.deadline.attempt(self.options.request_timeout);
            self.once(operation, build().timeout(timeout), limit).await
        };
        attempt
            .retry(policy.backoff())
            .sleep(tokio::time::sleep)
            .when(|e: &ApiError| idempotency.allows(e))
            .adjust(|e: &ApiError, d| {
                policy
                    .adjust(e, d)
                    .filter(|wait| self.deadline.allows_wait(*wait))
            })
            .notify(|e: &ApiError, d| {
                if let Some(cb) = &policy.on_retry {
                    cb(e, d);
                }
            })
            .await
    }

    async fn call<T: DeserializeOwned>(
        &self,
        operation: &str,
        idempotency: Idempotency,
        build: impl Fn() -> RequestBuilder,
    ) -> ApiResult<T> {
        let body = self.call_bytes(operation, idempotency, build).await?;
        let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &body
        };
        let decode = |e: serde_json::Error| decode_error(operation, body, &e);
        // Every string of the answer is redacted once decoded (a JSON escape or an encoding
        // can hide the key from a search of the raw body), before any of it can be shown.
        let mut value: Value = serde_json::from_slice(body).map_err(decode)?;
        self.key.redact_json(&mut value);
        serde_json::from_value(value).map_err(decode)
    }

    /// One attempt; `limit` is the timeout to name if it expires.
    async fn once(
        &self,
        operation: &str,
        request: RequestBuilder,
        limit: Duration,
    ) -> ApiResult<Vec<u8>> {
        let response = request
            .send()
            .await
            .map_err(|e| self.transport(operation, &e, limit))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let body = self.read_body(operation, response, limit).await?;
        if status.is_success() {
            return Ok(body);
        }
        if status.is_redirection() {
            return Err(ApiError::Http {
                operation: operation.to_owned(),
                status: status.as_u16(),
                message: "the server redirected the call; waflow only follows redirects within \
                          the base URL's origin, so that the API key goes nowhere else"
                    .to_owned(),
                retry_after: None,
            });
        }
        // Redacted after decoding when the body is JSON (see `call`), as text otherwise.
        let text = match serde_json::from_slice::<Value>(&body) {
            Ok(mut value) => {
                self.key.redact_json(&mut value);
                value.to_string()
            }
            Err(_) => self.key.redact(&String::from_utf8_lossy(&body)),
        };
        Err(parse_error_body(
            operation.to_owned(),
            status.as_u16(),
            &text,
            retry_after,
        ))
    }

    /// Reads the body chunk by chunk, refusing one longer than [`MAX_ANSWER`].
    async fn read_body(
        &self,
        operation: &str,
        mut response: reqwest::Response,
        limit: Duration,
    ) -> ApiResult<Vec<u8>> {
        let too_large = || ApiError::Decode {
            operation: operation.to_owned(),
            reason: format!(
                "the answer is larger than {} MB",
                MAX_ANSWER / (1024 * 1024)
            ),
        };
        if response
            .content_length()
            .is_some_and(|n| n > MAX_ANSWER as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport(operation, &e, limit))?
        {
            if body.len() + chunk.len() > MAX_ANSWER {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn transport(&self, operation: &str, e: &reqwest::Error, limit: Duration) -> ApiError {
        if e.is_timeout() {
            return ApiError::Timeout {
                operation: operation.to_owned(),
                after: limit,
            };
        }
        if e.is_redirect() {
            return ApiError::Network {
                operation: operation.to_owned(),
                reason: format!(
                    "the server redirected the call more than {MAX_REDIRECTS} times (a redirect loop?)"
                ),
                connect: false,
                permanent: Some(Permanent::TooManyRedirects),
            };
        }
        let mut reason = String::from(if e.is_connect() {
            "cannot connect"
        } else {
            "the connection failed"
        });
        let mut texts = Vec::new();
        let mut source = e.source();
        while let Some(s) = source {
            let text = s.to_string();
            if !reason.ends_with(&text) {
                reason.push_str(": ");
                reason.push_str(&text);
            }
            texts.push(text);
            source = s.source();
        }
        ApiError::Network {
            operation: operation.to_owned(),
            reason: self.key.redact(&reason),
            connect: e.is_connect(),
            permanent: Permanent::of(&texts),
        }
    }

    fn fields_query(fields: &[&str]) -> Vec<(&'static str, String)> {
        if fields.is_empty() {
            Vec::new()
        } else {
            vec![("fields", fields.join(","))]
        }
    }
}

/// Whether `id` can be sent as one segment of a URL path: not empty, not `.` or `..` (which URL
/// normalisation drops). Other characters, `/` included, are percent-encoded.
pub fn is_flow_id(id: &str) -> bool {
    !matches!(id, "" | "." | "..")
}

/// Most redirects followed in one call.
const MAX_REDIRECTS: usize = 10;

/// Follows redirects, except away from the API's origin for a request that carries the key:
/// reqwest drops `Authorization` on a cross-origin redirect but keeps custom headers such as
/// `X-API-Key`, so following one would hand the key to another host (or send it over plain
/// http after a downgrade). Such a redirect is not followed: the call fails with its 3xx.
fn redirect_policy(api: Url) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        let carries_key = attempt
            .previous()
            .first()
            .is_some_and(|first| same_origin(first, &api));
        if carries_key && !same_origin(attempt.url(), &api) {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Whether two URLs share scheme, host and port (the key is only sent to the API's origin, never
/// to a download link on another host).
fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

impl FlowsBackend for PartnerClient {
    fn list_flows<'a>(&'a self, fields: &'a [&'a str]) -> BoxFuture<'a, ApiResult<FlowList>> {
        Box::pin(async move {
            let url = self.flows.clone();
            let query = Self::fields_query(fields);
            self.call("list flows", Idempotency::Safe, || {
                self.request(Method::GET, url.clone()).query(&query)
            })
            .await
        })
    }

    fn create_flow_once<'a>(&'a self, body: &'a CreateFlow) -> BoxFuture<'a, ApiResult<Created>> {
        Box::pin(async move {
            let op = format!("create flow \"{}\"", body.name);
            self.call(&op, Idempotency::Never, || {
                self.request(Method::POST, self.flows.clone()).json(body)
            })
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
            self.call(&op, Idempotency::Unsafe, || {
                self.request(Method::POST, url.clone()).json(body)
            })
            .await
        })
    }

    fn get_flow<'a>(
        &'a self,
        id: &'a str,
        fields: &'a [&'a str],
    ) -> BoxFuture<'a, ApiResult<Flow>> {
        Box::pin(async move {
            let op = format!("get flow {id}");
            let url = self.url(&op, id, &[]).map_err(|e| *e)?;
            let query = Self::fields_query(fields);
            self.call(&op, Idempotency::Safe, || {
                self.request(Method::GET, url.clone()).query(&query)
            })
            .await
        })
    }

    fn delete_flow<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ApiResult<Success>> {
        Box::pin(async move {
            let op = format!("delete flow {id}");
            let url = self.url(&op, id, &[]).map_err(|e| *e)?;
            self.call(&op, Idempotency::Unsafe, || {
                self.request(Method::DELETE, url.clone())
            })
            .await
        })
    }

    fn update_flow<'a>(
        &'a self,
        id: &'a str,
        body: &'a UpdateFlow,
    ) -> BoxFuture<'a, ApiResult<Success>> {
        Box::pin(async move {
            let op = format!("update flow {id}");
            let url = self.url(&op, id, &[]).map_err(|e| *e)?;
            // Setting the same metadata twice has the same effect as once.
            self.call(&op, Idempotency::Safe, || {
                self.request(Method::PATCH, url.clone()).json(body)
            })
            .await
        })
    }

    fn list_assets<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ApiResult<AssetList>> {
        Box::pin(async move {
            let op = format!("list assets of flow {id}");
            let url = self.url(&op, id, &["assets"]).map_err(|e| *e)?;
            self.call(&op, Idempotency::Safe, || {
                self.request(Method::GET, url.clone())
            })
            .await
        })
    }

    fn download_asset<'a>(&'a self, asset: &'a Asset) -> BoxFuture<'a, ApiResult<Vec<u8>>> {
        Box::pin(async move {
            let op = format!("download {}", asset.name);
            let url = self
                .base
                .join(&asset.download_url)
                .map_err(|e| ApiError::Decode {
                    operation: op.clone(),
                    reason: format!("bad download_url: {e}"),
                })?;
            self.call_bytes(&op, Idempotency::Safe, || {
                self.request(Method::GET, url.clone())
            })
            .await
        })
    }

    fn upload_flow_json<'a>(
        &'a self,
        id: &'a str,
        bytes: &'a [u8],
    ) -> BoxFuture<'a, ApiResult<Upload>> {
        Box::pin(async move {
            let op = format!("upload flow.json to flow {id}");
            let url = self.url(&op, id, &["assets"]).map_err(|e| *e)?;
            // A multipart body is a stream: it is built again for every attempt.
            self.call(&op, Idempotency::Safe, || {
                let file = Part::bytes(bytes.to_vec()).file_name("flow.json");
                let file = match file.mime_str("application/json") {
                    Ok(part) => part,
                    Err(_) => Part::bytes(bytes.to_vec()).file_name("flow.json"),
                };
                let form = Form::new()
                    .part("file", file)
                    .text("name", "flow.json")
                    .text("asset_type", "FLOW_JSON");
                self.request(Method::POST, url.clone()).multipart(form)
            })
            .await
        })
    }

    fn publish_flow<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ApiResult<Success>> {
        Box::pin(async move {
            let op = format!("publish flow {id}");
            let url = self.url(&op, id, &["publish"]).map_err(|e| *e)?;
            self.call(&op, Idempotency::Unsafe, || {
                self.request(Method::POST, url.clone())
            })
            .await
        })
    }

    fn preview<'a>(
        &'a self,
        id: &'a str,
        invalidate: bool,
    ) -> BoxFuture<'a, ApiResult<FlowPreview>> {
        Box::pin(async move {
            let op = format!("get the preview of flow {id}");
            let url = self.url(&op, id, &["preview"]).map_err(|e| *e)?;
            let query = [("invalidate", if invalidate { "true" } else { "false" })];
            self.call(&op, Idempotency::Safe, || {
                self.request(Method::GET, url.clone()).query(&query)
            })
            .await
        })
    }

    fn deprecate_flow<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ApiResult<Success>> {
        Box::pin(async move {
            let op = format!("deprecate flow {id}");
            let url = self.url(&op, id, &["deprecate"]).map_err(|e| *e)?;
            self.call(&op, Idempotency::Unsafe, || {
                self.request(Method::POST, url.clone())
            })
            .await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_only_goes_to_the_api_origin() {
        let base = Url::parse("https://hub.360dialog.io").unwrap_or_else(|e| panic!("{e}"));
        let same = |u: &str| same_origin(&Url::parse(u).unwrap_or_else(|e| panic!("{e}")), &base);
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
                .url("x", "123", &["assets"])
                .map(String::from)
                .unwrap_or_default(),
            "http://127.0.0.1:9/api/v2/partners/a%2Fb/waba_accounts/wWA/flows/123/assets"
        );
        assert!(!format!("{client:?}").contains("ApiKey(\"k\")"));
    }
}
