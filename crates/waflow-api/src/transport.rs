//! The HTTP plumbing every backend shares: one reqwest client that sends the secret only to the
//! API's origin, bounded answers, retries as the call's [`Idempotency`] allows within the
//! client's total time, and failures as typed [`ApiError`]s with the secret redacted.

use std::error::Error as _;
use std::time::Duration;

use backon::Retryable;
use reqwest::header::{HeaderName, HeaderValue, RETRY_AFTER};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, RequestBuilder, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::backend::ApiResult;
use crate::config::ConfigError;
use crate::error::{ApiError, Permanent, decode_error, error_of_body};
use crate::partner::{ClientOptions, is_flow_id};
use crate::retry::{Deadline, Idempotency, parse_retry_after};
use crate::secret::ApiKey;

/// Largest answer read (an asset download included; Meta's limit for a flow JSON is 10 MB). A
/// larger answer is refused without being read, so a misbehaving server cannot exhaust memory.
const MAX_ANSWER: usize = 20 * 1024 * 1024;

/// Most redirects followed in one call.
const MAX_REDIRECTS: usize = 10;

/// An HTTP client for one API origin and one secret, sent in one header.
pub(crate) struct Transport {
    http: reqwest::Client,
    /// The API's base URL (its origin is where the secret may go).
    pub base: Url,
    /// The secret, for redacting answers.
    pub secret: ApiKey,
    /// The header carrying it, and its value (checked once, marked sensitive).
    auth: (HeaderName, HeaderValue),
    /// Timeouts and retries.
    pub options: ClientOptions,
    deadline: Deadline,
}

impl Transport {
    /// A transport to `base` sending `value` (made from `secret`) in the header `header`.
    pub fn new(
        base: Url,
        secret: &ApiKey,
        header: HeaderName,
        value: &str,
        options: ClientOptions,
    ) -> Result<Transport, ConfigError> {
        let mut http = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .redirect(redirect_policy(base.clone()))
            .user_agent(concat!("waflow/", env!("CARGO_PKG_VERSION")));
        if base.scheme() == "http" {
            // Plain http is only allowed to loopback (see `Connection::base_url`); through a
            // proxy (HTTP_PROXY, ALL_PROXY) the secret would cross the network in clear text.
            http = http.no_proxy();
        }
        let http = http
            .build()
            .map_err(|e| ConfigError::Http(e.without_url().to_string()))?;
        let mut value = HeaderValue::from_str(value)
            .ok()
            .filter(|_| secret.is_sendable())
            .ok_or(ConfigError::UnsendableKey)?;
        value.set_sensitive(true);
        Ok(Transport {
            http,
            base,
            secret: secret.clone(),
            auth: (header, value),
            deadline: Deadline::after(options.total_timeout),
            options,
        })
    }

    /// A request to `url`, with the secret when `url` is on the API's origin.
    pub fn request(&self, method: Method, url: Url) -> RequestBuilder {
        let builder = self.http.request(method, url.clone());
        if same_origin(&url, &self.base) {
            builder.header(self.auth.0.clone(), self.auth.1.clone())
        } else {
            builder
        }
    }

    /// Sends the request `build` makes, retrying as `idempotency` allows, and reads the body.
    pub async fn call_bytes(
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

    /// [`Transport::call_bytes`], then the body decoded as JSON (an empty body as `{}`), with
    /// the secret redacted in every string.
    pub async fn call<T: DeserializeOwned>(
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
        // can hide the secret from a search of the raw body), before any of it can be shown.
        let mut value: Value = serde_json::from_slice(body).map_err(decode)?;
        self.secret.redact_json(&mut value);
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
                          the base URL's origin, so that the secret goes nowhere else"
                    .to_owned(),
                retry_after: None,
            });
        }
        // Redacted after decoding when the body is JSON (see `call`), as text otherwise.
        // The body is decoded once: the redacted value is read for the message.
        let value = serde_json::from_slice::<Value>(&body)
            .ok()
            .map(|mut value| {
                self.secret.redact_json(&mut value);
                value
            });
        let text = match &value {
            Some(value) => value.to_string(),
            None => self.secret.redact(&String::from_utf8_lossy(&body)),
        };
        Err(error_of_body(
            operation.to_owned(),
            status.as_u16(),
            value.as_ref(),
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
        let mut texts = Vec::new();
        let mut source = e.source();
        while let Some(s) = source {
            texts.push(s.to_string());
            source = s.source();
        }
        let permanent = Permanent::of(&texts);
        let reason = network_reason(e.url(), e.is_connect(), permanent, texts.last());
        ApiError::Network {
            operation: operation.to_owned(),
            reason: self.secret.redact(&reason),
            connect: e.is_connect(),
            permanent,
        }
    }

    /// A read: `GET url?query`, retried on any transient failure, decoded as JSON.
    pub async fn get<T: DeserializeOwned>(
        &self,
        operation: &str,
        url: &Url,
        query: &[(&str, String)],
    ) -> ApiResult<T> {
        self.call(operation, Idempotency::Safe, || {
            self.request(Method::GET, url.clone()).query(query)
        })
        .await
    }

    /// A call without a body: `method url`, decoded as JSON.
    pub async fn send<T: DeserializeOwned>(
        &self,
        operation: &str,
        idempotency: Idempotency,
        method: Method,
        url: &Url,
    ) -> ApiResult<T> {
        self.call(operation, idempotency, || {
            self.request(method.clone(), url.clone())
        })
        .await
    }

    /// A call with `body` sent as JSON: `method url`, decoded as JSON.
    pub async fn send_json<T: DeserializeOwned>(
        &self,
        operation: &str,
        idempotency: Idempotency,
        method: Method,
        url: &Url,
        body: &(impl Serialize + Sync),
    ) -> ApiResult<T> {
        self.call(operation, idempotency, || {
            self.request(method.clone(), url.clone()).json(body)
        })
        .await
    }

    /// Uploads `bytes` as the flow JSON asset: `POST url` with [`flow_json_form`], retried
    /// (the same bytes twice are the same asset).
    pub async fn upload_flow_json<T: DeserializeOwned>(
        &self,
        operation: &str,
        url: &Url,
        bytes: &[u8],
    ) -> ApiResult<T> {
        self.call(operation, Idempotency::Safe, || {
            self.request(Method::POST, url.clone())
                .multipart(flow_json_form(bytes))
        })
        .await
    }

    /// Downloads an asset from its (possibly other-origin, unauthenticated) link.
    pub async fn download(&self, name: &str, link: &str) -> ApiResult<Vec<u8>> {
        let op = format!("download {name}");
        let url = self.base.join(link).map_err(|e| ApiError::Decode {
            operation: op.clone(),
            reason: format!("bad download_url: {e}"),
        })?;
        self.call_bytes(&op, Idempotency::Safe, || {
            self.request(Method::GET, url.clone())
        })
        .await
    }
}

/// `base` with the path segments `id` and `rest…` added; an [`ApiError::InvalidId`] for
/// `operation` when `id` is not one path segment (see [`is_flow_id`]).
pub(crate) fn id_url(
    base: &Url,
    operation: &str,
    id: &str,
    rest: &[&str],
) -> Result<Url, Box<ApiError>> {
    if !is_flow_id(id) {
        return Err(Box::new(ApiError::InvalidId {
            operation: operation.to_owned(),
            id: id.to_owned(),
        }));
    }
    let mut url = base.clone();
    if let Ok(mut path) = url.path_segments_mut() {
        path.push(id).extend(rest);
    }
    Ok(url)
}

/// `?fields=a,b` (nothing when `fields` is empty: the server's default set).
pub(crate) fn fields_query(fields: &[&str]) -> Vec<(&'static str, String)> {
    if fields.is_empty() {
        Vec::new()
    } else {
        vec![("fields", fields.join(","))]
    }
}

/// The multipart body of an upload: `file` (the exact bytes, as `flow.json`), `name` and
/// `asset_type`. A multipart body is a stream: it is built again for every attempt.
pub(crate) fn flow_json_form(bytes: &[u8]) -> Form {
    let file = Part::bytes(bytes.to_vec()).file_name("flow.json");
    let file = match file.mime_str("application/json") {
        Ok(part) => part,
        Err(_) => Part::bytes(bytes.to_vec()).file_name("flow.json"),
    };
    Form::new()
        .part("file", file)
        .text("name", "flow.json")
        .text("asset_type", "FLOW_JSON")
}

/// Follows redirects, except away from the API's origin for a request that carries the secret:
/// reqwest drops `Authorization` on a cross-origin redirect but keeps custom headers such as
/// `X-API-Key`, so following one could hand the secret to another host (or send it over plain
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

/// Whether two URLs share scheme, host and port (the secret is only sent to the API's origin,
/// never to a download link on another host).
pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// The reason of a failed connection in the user's terms: what failed, the host, and the
/// innermost cause (the operating system's or TLS's own text, such as "Connection refused
/// (os error 111)"), without the HTTP library's layers ("client error (Connect)", …).
fn network_reason(
    url: Option<&Url>,
    connect: bool,
    permanent: Option<Permanent>,
    detail: Option<&String>,
) -> String {
    let host = url
        .and_then(|u| {
            let host = u.host_str()?;
            Some(match u.port_or_known_default() {
                Some(port) => format!(" {host}:{port}"),
                None => format!(" {host}"),
            })
        })
        .unwrap_or_default();
    let what = match (connect, permanent) {
        (_, Some(Permanent::HostName)) => format!(
            "cannot resolve the host {}",
            url.and_then(Url::host_str).unwrap_or("of the base URL")
        ),
        (_, Some(Permanent::NotTls)) => {
            format!("cannot connect to{host}: the server does not speak TLS (is the URL http://?)")
        }
        (_, Some(Permanent::Certificate)) => {
            format!("cannot connect to{host}: its TLS certificate was refused")
        }
        (_, Some(Permanent::Tls)) => format!("cannot connect to{host}: the TLS handshake failed"),
        (true, _) => format!("cannot connect to{host}"),
        (false, _) => format!("the connection to{host} failed"),
    };
    match detail {
        Some(detail) => format!("{what}: {detail}"),
        None => what,
    }
}
