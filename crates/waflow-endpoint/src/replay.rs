//! The endpoint conversation of a flow, played as WhatsApp would play it, and every reply
//! checked against the flow.

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use aes_gcm::aead::OsRng;
use aes_gcm::aead::rand_core::RngCore;
use serde_json::{Map, Value, json};
use waflow_core::rules::endpoint_check::{
    ERROR_NOTIFICATION, HTTP_STATUS, INIT_SCREEN, REPLY_SCREEN, SCREEN_ROUTE, SCREEN_UNKNOWN,
    SLOW as SLOW_REPLY, SUCCESS, TIMEOUT, TOO_LARGE, UNDECRYPTABLE,
};
use waflow_core::{Anchor, Finding};

use crate::contract;
use crate::error::Error;
use crate::flow::{Flow, Screen};
use crate::transport::{Endpoint, SLOW};

/// Where findings about requests that no action triggers (INIT, the error notification) point.
const FLOW_LEVEL: &str = "/data_api_version";

/// One request of the replay.
#[derive(Debug, Clone)]
pub struct Step {
    /// What was sent ("INIT", "data_exchange from the Footer on DETAILS").
    pub label: String,
    /// How long the reply took, when one came.
    pub latency: Option<Duration>,
}

/// The outcome of a replay.
#[derive(Debug)]
pub struct Replay {
    /// Contract findings, located in the flow, one per rule and place.
    pub findings: Vec<Finding>,
    /// The requests sent, in order.
    pub steps: Vec<Step>,
    /// Set when the endpoint refused the conversation or could not be reached; the replay
    /// stopped there.
    pub refused: Option<Error>,
}

struct Player<'e, 'f, 'a> {
    endpoint: &'e Endpoint,
    flow: &'f Flow<'a>,
    flow_token: String,
    findings: Vec<Finding>,
    steps: Vec<Step>,
}

/// Plays `flow`'s conversation with `endpoint`: INIT, then for every screen reachable from
/// the one INIT opens (through the routing model) a BACK when it has `refresh_on_back` and each
/// of its `data_exchange` actions with a filled payload, then an error notification.
pub async fn replay(endpoint: &Endpoint, flow: &Flow<'_>) -> Replay {
    let mut player = Player {
        endpoint,
        flow,
        flow_token: flow_token(),
        findings: Vec::new(),
        steps: Vec::new(),
    };
    let refused = player.play().await.err();
    Replay {
        findings: merge(player.findings),
        steps: player.steps,
        refused,
    }
}

impl<'a> Player<'_, '_, 'a> {
    async fn play(&mut self) -> Result<(), Error> {
        let flow = self.flow;
        let opened = self
            .send("INIT".into(), json!({"action": "INIT"}), None, FLOW_LEVEL)
            .await?;
        let start = opened
            .and_then(|id| flow.screen(&id))
            .or_else(|| flow.screens.iter().find(|s| flow.is_entry(s.id)))
            .or(flow.screens.first());
        let Some(start) = start else {
            return Ok(());
        };
        let mut seen = HashSet::from([start.id]);
        let mut queue = VecDeque::from([start]);
        while let Some(screen) = queue.pop_front() {
            if screen.refresh_on_back && screen.id != start.id {
                let request = json!({"action": "BACK", "screen": screen.id});
                let label = format!("BACK to {}", screen.id);
                self.send(label, request, Some(screen), &screen.pointer)
                    .await?;
            }
            for exchange in &screen.exchanges {
                let data = exchange
                    .payload
                    .map_or_else(|| json!({}), |p| flow.fill(screen, p));
                let request = json!({"action": "data_exchange", "screen": screen.id, "data": data});
                let label = format!(
                    "data_exchange from the {} on {}",
                    exchange.component, screen.id
                );
                self.send(label, request, Some(screen), &exchange.pointer)
                    .await?;
            }
            for next in flow.routes(screen.id) {
                if let Some(next) = flow.screen(next)
                    && seen.insert(next.id)
                {
                    queue.push_back(next);
                }
            }
        }
        self.notify_error(start).await
    }

    /// The request as sent: `request` with the version, the flow token and, for Data API 4.0
    /// with an app secret, the flow token's signature.
    fn request(&self, request: Value) -> Value {
        let mut full = Map::new();
        full.insert("version".into(), json!(self.flow.data_api_version));
        if let Value::Object(fields) = request {
            full.extend(fields);
        }
        full.insert("flow_token".into(), json!(self.flow_token));
        if self.flow.data_api_version == "4.0"
            && let Some(secret) = self.endpoint.app_secret()
        {
            full.insert(
                "flow_token_signature".into(),
                json!(secret.flow_token_signature(&self.flow_token)),
            );
        }
        Value::Object(full)
    }

    /// Sends one request and checks the reply; returns the screen the reply opens.
    async fn send(
        &mut self,
        label: String,
        request: Value,
        from: Option<&Screen<'a>>,
        at: &str,
    ) -> Result<Option<String>, Error> {
        let trigger = format!("the reply to {label}");
        let result = self.endpoint.exchange(&self.request(request)).await;
        self.steps.push(Step {
            label,
            latency: result.as_ref().ok().map(|r| r.latency),
        });
        let reply = match result {
            Ok(reply) => reply,
            Err(e) => return self.failed(e, at, &trigger).map(|()| None),
        };
        self.latency(reply.latency, at, &trigger);
        Ok(self.check_reply(&reply.body, from, at, &trigger))
    }

    /// A failed exchange: a finding at `at`, or the end of the replay when the endpoint refused.
    fn failed(&mut self, e: Error, at: &str, trigger: &str) -> Result<(), Error> {
        let rule = match &e {
            Error::Timeout(_) => &TIMEOUT,
            Error::Status(_) => &HTTP_STATUS,
            Error::TooLarge(_) => &TOO_LARGE,
            Error::Undecryptable(_) | Error::NotJson(_) => &UNDECRYPTABLE,
            _ => return Err(e),
        };
        let what = trigger.strip_prefix("the reply to ").unwrap_or(trigger);
        self.findings.push(
            rule.finding(at, format!("{what}: {e}"))
                .with_anchor(Anchor::Key),
        );
        Ok(())
    }

    fn latency(&mut self, latency: Duration, at: &str, trigger: &str) {
        if latency > SLOW {
            self.findings.push(
                SLOW_REPLY
                    .finding(
                        at,
                        format!(
                            "{trigger} took {} ms; WhatsApp throttles endpoints slower than 1 s",
                            latency.as_millis()
                        ),
                    )
                    .with_anchor(Anchor::Key),
            );
        }
    }

    fn check_reply(
        &mut self,
        reply: &Value,
        from: Option<&Screen<'a>>,
        at: &str,
        trigger: &str,
    ) -> Option<String> {
        let flow = self.flow;
        let Some(id) = reply.get("screen").and_then(Value::as_str) else {
            self.findings.push(
                REPLY_SCREEN
                    .finding(
                        at,
                        format!(
                            "{trigger} has no `screen`, so WhatsApp does not know what to show"
                        ),
                    )
                    .with_anchor(Anchor::Key),
            );
            return None;
        };
        let data = reply.get("data").cloned().unwrap_or_else(|| json!({}));
        if id == "SUCCESS" {
            self.check_success(&data, at, trigger);
            return None;
        }
        let Some(target) = flow.screen(id) else {
            self.findings.push(
                SCREEN_UNKNOWN
                    .finding(
                        at,
                        format!("{trigger} opens screen `{id}`, which the flow does not have"),
                    )
                    .with_anchor(Anchor::Key),
            );
            return None;
        };
        match from {
            Some(from) if from.id != id && !flow.routes(from.id).any(|t| t == id) => {
                self.findings.push(
                    SCREEN_ROUTE.finding(
                        at,
                        format!(
                            "{trigger} opens screen {id}, but the routing model has no route from {} to {id}",
                            from.id
                        ),
                    )
                    .with_anchor(Anchor::Key)
                    .with_help("add the route to `routing_model`, or reply with a screen it allows"),
                );
            }
            None if !flow.is_entry(id) => self.findings.push(
                INIT_SCREEN.finding(
                    at,
                    format!(
                        "{trigger} opens screen {id}, which the routing model routes into; a flow opens on an entry screen"
                    ),
                )
                .with_anchor(Anchor::Key),
            ),
            _ => {}
        }
        contract::check_data(target, &data, trigger, &mut self.findings);
        Some(id.to_owned())
    }

    fn check_success(&mut self, data: &Value, at: &str, trigger: &str) {
        let params = data.pointer("/extension_message_response/params");
        let problem = match params.map(|p| p.get("flow_token")) {
            None => Some("has no `data.extension_message_response.params`".to_owned()),
            Some(None) => Some("has no `flow_token` in `extension_message_response.params`".into()),
            Some(Some(Value::String(t))) if *t == self.flow_token => None,
            Some(Some(other)) => Some(format!(
                "carries flow_token {other} in `extension_message_response.params`, not the flow's token"
            )),
        };
        if let Some(problem) = problem {
            self.findings.push(
                SUCCESS.finding(
                    at,
                    format!("{trigger} completes the flow (SUCCESS) but {problem}"),
                )
                .with_anchor(Anchor::Key)
                .with_help("send `{\"screen\": \"SUCCESS\", \"data\": {\"extension_message_response\": {\"params\": {\"flow_token\": …}}}}` with the request's flow_token"),
            );
        }
    }

    /// The notification WhatsApp sends when a reply broke the screen; the endpoint should
    /// acknowledge it.
    async fn notify_error(&mut self, screen: &Screen<'a>) -> Result<(), Error> {
        let label = "an error notification".to_owned();
        let trigger = format!("the reply to {label}");
        let request = json!({"action": "data_exchange", "screen": screen.id, "data": {
            "error": "payload-schema-error",
            "error_message": "waflow endpoint check: a test error notification",
        }});
        let result = self.endpoint.exchange(&self.request(request)).await;
        self.steps.push(Step {
            label,
            latency: result.as_ref().ok().map(|r| r.latency),
        });
        match result {
            Ok(reply) => {
                self.latency(reply.latency, FLOW_LEVEL, &trigger);
                if reply.body.pointer("/data/acknowledged") != Some(&Value::Bool(true)) {
                    self.findings.push(
                        ERROR_NOTIFICATION.finding(
                            FLOW_LEVEL,
                            format!("{trigger} is not `{{\"data\": {{\"acknowledged\": true}}}}`"),
                        )
                        .with_anchor(Anchor::Key)
                        .with_help("answer a request whose `data` has `error` with `{\"data\": {\"acknowledged\": true}}`"),
                    );
                }
                Ok(())
            }
            Err(e) => self.failed(e, FLOW_LEVEL, &trigger),
        }
    }
}

/// A fresh flow token for one replay.
fn flow_token() -> String {
    let mut bytes = [0u8; 8];
    OsRng.fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("waflow-check-{hex}")
}

/// One finding per rule and place: the first, saying how many more replies had it.
fn merge(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<(Finding, usize)> = Vec::new();
    for f in findings {
        match out
            .iter_mut()
            .find(|(g, _)| g.rule == f.rule && g.pointer == f.pointer && g.severity == f.severity)
        {
            Some((_, n)) => *n += 1,
            None => out.push((f, 0)),
        }
    }
    out.into_iter()
        .map(|(mut f, more)| {
            if more > 0 {
                f.message.push_str(&format!(
                    " (and in {more} more {})",
                    if more == 1 { "reply" } else { "replies" }
                ));
            }
            f
        })
        .collect()
}
