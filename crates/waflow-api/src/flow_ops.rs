//! The operations on one flow that the Partner API and the Graph API send alike: the same
//! request to `{base}/{id}/…`, the same idempotency, the same operation name in errors. Each
//! client only says where its flows are (`…/waba_accounts/{waba}/flows` for the Partner API,
//! `/{version}` for the Graph API). What really differs stays in the clients: the collection
//! and its paging, the update's method (PATCH or POST, passed here), the preview, the asset list
//! and the Graph API's `health_status`.

use reqwest::{Method, Url};

use crate::backend::ApiResult;
use crate::error::ApiError;
use crate::model::{Flow, Success, UpdateFlow, Upload};
use crate::retry::Idempotency;
use crate::transport::{Transport, fields_query, id_url};

/// A client's flows, each addressed as `{base}/{id}/…`.
#[derive(Clone, Copy)]
pub(crate) struct FlowOps<'c> {
    /// The client's transport (its key, timeouts and retries).
    pub(crate) transport: &'c Transport,
    /// The URL under which a flow id is one path segment.
    pub(crate) base: &'c Url,
}

impl FlowOps<'_> {
    /// The URL of `{base}/{id}/{rest…}`; an [`ApiError::InvalidId`] for `operation` when `id`
    /// is not one path segment.
    pub(crate) fn url(
        self,
        operation: &str,
        id: &str,
        rest: &[&str],
    ) -> Result<Url, Box<ApiError>> {
        id_url(self.base, operation, id, rest)
    }

    /// Reads flow `id` with `fields` (the server's default set when empty).
    pub(crate) async fn get(self, id: &str, fields: &[&str]) -> ApiResult<Flow> {
        let op = format!("get flow {id}");
        let url = self.url(&op, id, &[]).map_err(|e| *e)?;
        self.transport.get(&op, &url, &fields_query(fields)).await
    }

    /// Sets the metadata of flow `id` with `method` (the APIs differ in it).
    pub(crate) async fn update(
        self,
        id: &str,
        method: Method,
        body: &UpdateFlow,
    ) -> ApiResult<Success> {
        let op = format!("update flow {id}");
        let url = self.url(&op, id, &[]).map_err(|e| *e)?;
        // Setting the same metadata twice has the same effect as once.
        self.transport
            .send_json(&op, Idempotency::Safe, method, &url, body)
            .await
    }

    /// Uploads `bytes` as the flow JSON of flow `id`.
    pub(crate) async fn upload_flow_json(self, id: &str, bytes: &[u8]) -> ApiResult<Upload> {
        let op = format!("upload flow.json to flow {id}");
        let url = self.url(&op, id, &["assets"]).map_err(|e| *e)?;
        self.transport.upload_flow_json(&op, &url, bytes).await
    }

    /// Deletes flow `id` (a draft).
    pub(crate) async fn delete(self, id: &str) -> ApiResult<Success> {
        self.change("delete flow", id, Method::DELETE, &[]).await
    }

    /// Publishes flow `id`.
    pub(crate) async fn publish(self, id: &str) -> ApiResult<Success> {
        self.change("publish flow", id, Method::POST, &["publish"])
            .await
    }

    /// Deprecates flow `id`.
    pub(crate) async fn deprecate(self, id: &str) -> ApiResult<Success> {
        self.change("deprecate flow", id, Method::POST, &["deprecate"])
            .await
    }

    /// A change of the flow's state without a body (`{what} {id}` in errors), retried only when
    /// the server surely did not act.
    async fn change(
        self,
        what: &str,
        id: &str,
        method: Method,
        rest: &[&str],
    ) -> ApiResult<Success> {
        let op = format!("{what} {id}");
        let url = self.url(&op, id, rest).map_err(|e| *e)?;
        self.transport
            .send(&op, Idempotency::Unsafe, method, &url)
            .await
    }
}

#[cfg(test)]
mod tests {
    use crate::backend::FlowsBackend;
    use crate::config::Connection;
    use crate::error::ApiError;
    use crate::graph::{GraphClient, GraphConnection};
    use crate::model::UpdateFlow;
    use crate::partner::{ClientOptions, PartnerClient};
    use crate::secret::ApiKey;

    /// The operation named by each shared call with an id that is no path segment; nothing is
    /// sent (the port refuses connections, which would be another error).
    async fn refusals(client: &dyn FlowsBackend) -> Vec<String> {
        let id = "..";
        let update = UpdateFlow::default();
        let results = [
            client.get_flow(id, &[]).await.map(drop),
            client.delete_flow(id).await.map(drop),
            client.update_flow(id, &update).await.map(drop),
            client.upload_flow_json(id, b"{}").await.map(drop),
            client.publish_flow(id).await.map(drop),
            client.deprecate_flow(id).await.map(drop),
        ];
        results
            .into_iter()
            .map(|r| match r {
                Err(ApiError::InvalidId { operation, .. }) => operation,
                other => panic!("not refused as an invalid id: {other:?}"),
            })
            .collect()
    }

    #[tokio::test]
    async fn both_clients_refuse_a_bad_flow_id_alike_before_sending() {
        let partner = PartnerClient::new(
            &Connection {
                base_url: "http://127.0.0.1:9/".into(),
                partner_id: "p".into(),
                waba_account_id: "w".into(),
                api_key: ApiKey::new("k"),
            },
            ClientOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let graph = GraphClient::new(
            &GraphConnection {
                base_url: "http://127.0.0.1:9".into(),
                version: "v24.0".into(),
                waba_id: "1".into(),
                token: ApiKey::new("t"),
            },
            ClientOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let expected = [
            "get flow ..",
            "delete flow ..",
            "update flow ..",
            "upload flow.json to flow ..",
            "publish flow ..",
            "deprecate flow ..",
        ];
        assert_eq!(refusals(&partner).await, expected);
        assert_eq!(refusals(&graph).await, expected);
    }
}
