//! Fault rules written as data: a JSON file of rules (`waflow sandbox --faults FILE`) and the
//! one-line form of `--fault SPEC`. Both go through [`RuleSpec`], so they accept the same fields.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::errors::GRAPH_RATE_LIMIT_CODES;
use crate::faults::{Fault, FaultMatch, FaultRule};

/// Why fault rules could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaultSpecError {
    /// The file is not a JSON array.
    #[error("the faults file is not a JSON array of rules: {0}")]
    File(String),
    /// One rule of a file is wrong (`index` counts from 1).
    #[error("fault rule {index}: {message}")]
    Rule {
        /// Position of the rule in the file, from 1.
        index: usize,
        /// What is wrong.
        message: String,
    },
    /// A `--fault` spec is wrong.
    #[error("fault {spec:?}: {message}")]
    Spec {
        /// The spec as given.
        spec: String,
        /// What is wrong.
        message: String,
    },
}

/// The fault kinds a rule may name, for messages.
const KINDS: &str = "status, reply, malformed, html, redirect, rate_limit, delay, delay_after, \
                     drop, drop_after, partial, slow_body";

/// The body of a `malformed` fault unless one is given: JSON cut off in the middle.
const MALFORMED: &str = r#"{"flows": [{"id": "1", "#;

/// The body of an `html` fault unless one is given: what a proxy or a login page sends.
const HTML: &str = "<!DOCTYPE html>\n<html><head><title>Bad gateway</title></head>\
                    <body><h1>Bad gateway</h1></body></html>\n";

/// Longest delay or interval accepted (a day).
const MAX_SECS: f64 = 86_400.0;

/// One rule as written: every field of every kind, checked against the kind afterwards.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    method: Option<String>,
    path: Option<String>,
    #[serde(default)]
    skip: usize,
    #[serde(default = "one")]
    times: usize,
    fault: String,
    status: Option<u16>,
    retry_after: Option<u64>,
    body: Option<String>,
    headers: Option<Headers>,
    secs: Option<f64>,
    interval: Option<f64>,
    location: Option<String>,
    code: Option<u32>,
}

fn one() -> usize {
    1
}

/// Response headers: `[["Name", "value"], …]` or `{"Name": "value", …}`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Headers {
    Pairs(Vec<(String, String)>),
    Object(Map<String, Value>),
}

impl Headers {
    fn into_pairs(self) -> Result<Vec<(String, String)>, String> {
        match self {
            Headers::Pairs(pairs) => Ok(pairs),
            Headers::Object(map) => map
                .into_iter()
                .map(|(name, value)| match value {
                    Value::String(v) => Ok((name, v)),
                    _ => Err(format!("header {name:?} must have a string value")),
                })
                .collect(),
        }
    }
}

impl RuleSpec {
    /// The fields given besides the matching ones, by name.
    fn given(&self) -> Vec<&'static str> {
        [
            ("status", self.status.is_some()),
            ("retry_after", self.retry_after.is_some()),
            ("body", self.body.is_some()),
            ("headers", self.headers.is_some()),
            ("secs", self.secs.is_some()),
            ("interval", self.interval.is_some()),
            ("location", self.location.is_some()),
            ("code", self.code.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect()
    }

    fn into_rule(self) -> Result<FaultRule, String> {
        let kind = self.fault.as_str();
        let allowed: &[&str] = match kind {
            "status" => &["status", "retry_after"],
            "reply" | "malformed" | "html" => &["status", "retry_after", "body", "headers"],
            "redirect" => &["status", "location"],
            "rate_limit" => &["code"],
            "delay" | "delay_before" | "delay_after" => &["secs"],
            "slow_body" => &["interval"],
            "drop" | "drop_before" | "drop_after" | "partial" => &[],
            other => return Err(format!("unknown fault {other:?}; the kinds are {KINDS}")),
        };
        if let Some(field) = self.given().into_iter().find(|f| !allowed.contains(f)) {
            return Err(format!("\"{field}\" does not apply to a {kind} fault"));
        }
        let status = |default: Option<u16>| -> Result<u16, String> {
            match self.status.or(default) {
                Some(s) if (100..=999).contains(&s) => Ok(s),
                Some(s) => Err(format!("status {s} is not an HTTP status (100 to 999)")),
                None => Err(format!("a {kind} fault needs \"status\"")),
            }
        };
        let secs = |value: Option<f64>, field: &str| -> Result<Duration, String> {
            let value = value.ok_or_else(|| format!("a {kind} fault needs \"{field}\""))?;
            if !(0.0..=MAX_SECS).contains(&value) {
                return Err(format!(
                    "\"{field}\" must be between 0 and {MAX_SECS} seconds"
                ));
            }
            Ok(Duration::from_secs_f64(value))
        };
        let answer = |content_type: &str, default_body: &str| -> Result<Fault, String> {
            let mut headers = vec![("Content-Type".to_owned(), content_type.to_owned())];
            if let Some(secs) = self.retry_after {
                headers.push(("Retry-After".to_owned(), secs.to_string()));
            }
            Ok(Fault::Answer {
                status: status(Some(200))?,
                headers,
                body: self.body.clone().unwrap_or_else(|| default_body.to_owned()),
            })
        };
        let mut fault = match kind {
            "status" => Fault::Status {
                status: status(None)?,
                retry_after: self.retry_after,
            },
            "reply" => answer("application/json", "")?,
            "malformed" => answer("application/json", MALFORMED)?,
            "html" => answer("text/html; charset=utf-8", HTML)?,
            "redirect" => Fault::Redirect {
                status: status(Some(302))?,
                location: self
                    .location
                    .clone()
                    .ok_or("a redirect fault needs \"location\"")?,
            },
            "rate_limit" => match self.code.unwrap_or(GRAPH_RATE_LIMIT_CODES[0]) {
                code if GRAPH_RATE_LIMIT_CODES.contains(&code) => Fault::graph_rate_limit(code),
                code => {
                    return Err(format!(
                        "code {code} is not one of Meta's rate-limit codes ({})",
                        GRAPH_RATE_LIMIT_CODES.map(|c| c.to_string()).join(", ")
                    ));
                }
            },
            "delay" | "delay_before" => Fault::Delay(secs(self.secs, "secs")?),
            "delay_after" => Fault::DelayAfter(secs(self.secs, "secs")?),
            "slow_body" => Fault::SlowBody(secs(self.interval, "interval")?),
            "drop" | "drop_before" => Fault::DropConnection,
            "drop_after" => Fault::DropAfter,
            _ => Fault::Partial,
        };
        if let (Fault::Answer { headers, .. }, Some(given)) = (&mut fault, self.headers) {
            // The headers given come first, and a content type given replaces the default.
            let given = given.into_pairs()?;
            let is_type = |name: &str| name.eq_ignore_ascii_case("content-type");
            if given.iter().any(|(name, _)| is_type(name)) {
                headers.retain(|(name, _)| !is_type(name));
            }
            *headers = given.into_iter().chain(headers.drain(..)).collect();
        }
        Ok(FaultRule {
            matcher: FaultMatch {
                method: self.method,
                path_contains: self.path,
            },
            fault,
            skip: self.skip,
            times: self.times,
        })
    }
}

impl FaultRule {
    /// Reads a faults file: a JSON array of rules such as
    /// `{"method": "POST", "path": "/publish", "fault": "drop_after", "times": 1}`
    /// (see `docs/sandbox.md` for every field).
    pub fn parse_file(text: &str) -> Result<Vec<FaultRule>, FaultSpecError> {
        let rules: Vec<Value> =
            serde_json::from_str(text).map_err(|e| FaultSpecError::File(e.to_string()))?;
        rules
            .into_iter()
            .enumerate()
            .map(|(i, rule)| {
                let error = |message: String| FaultSpecError::Rule {
                    index: i + 1,
                    message,
                };
                serde_json::from_value::<RuleSpec>(rule)
                    .map_err(|e| error(e.to_string()))?
                    .into_rule()
                    .map_err(error)
            })
            .collect()
    }

    /// Reads the one-line form `[METHOD] [/PATH] KIND [FIELD=VALUE…]`, where KIND is a fault
    /// kind or an HTTP status (`503` is short for `status status=503`): for example
    /// `GET /flows 429 retry_after=3600 times=5` or `POST /publish drop_after`.
    pub fn parse_spec(spec: &str) -> Result<FaultRule, FaultSpecError> {
        let error = |message: String| FaultSpecError::Spec {
            spec: spec.to_owned(),
            message,
        };
        let mut fields = Map::new();
        for (i, token) in spec.split_whitespace().enumerate() {
            let (key, value) = if let Some((key, value)) = token.split_once('=') {
                (key, field_value(key, value).map_err(error)?)
            } else if i == 0 && is_method(token) {
                ("method", Value::from(token.to_ascii_uppercase()))
            } else if token.starts_with('/') {
                ("path", Value::from(token))
            } else if let Ok(status) = token.parse::<u16>() {
                fields.insert("status".into(), status.into());
                ("fault", Value::from("status"))
            } else {
                ("fault", Value::from(token))
            };
            if fields.insert(key.to_owned(), value).is_some() {
                return Err(error(format!("\"{key}\" is given twice")));
            }
        }
        if !fields.contains_key("fault") {
            return Err(error(format!(
                "no fault kind: give one of {KINDS}, or an HTTP status"
            )));
        }
        serde_json::from_value::<RuleSpec>(Value::Object(fields))
            .map_err(|e| error(e.to_string()))?
            .into_rule()
            .map_err(error)
    }
}

fn is_method(token: &str) -> bool {
    ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(token))
}

/// A `FIELD=VALUE` of a spec as JSON: numbers for the numeric fields, text for the others.
fn field_value(key: &str, value: &str) -> Result<Value, String> {
    match key {
        "status" | "retry_after" | "skip" | "times" | "code" => value
            .parse::<u64>()
            .map(Value::from)
            .map_err(|_| format!("{key}={value}: not a whole number")),
        "secs" | "interval" => value
            .parse::<f64>()
            .map(Value::from)
            .map_err(|_| format!("{key}={value}: not a number of seconds")),
        _ => Ok(Value::from(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> FaultRule {
        FaultRule::parse_spec(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn specs_name_method_path_kind_and_fields() {
        assert_eq!(
            spec("get /flows 429 retry_after=3600 times=5 skip=1"),
            FaultRule {
                matcher: FaultMatch::new("GET", "/flows"),
                fault: Fault::Status {
                    status: 429,
                    retry_after: Some(3600)
                },
                skip: 1,
                times: 5,
            }
        );
        assert_eq!(
            spec("POST /publish drop_after"),
            FaultRule {
                matcher: FaultMatch::new("POST", "/publish"),
                fault: Fault::DropAfter,
                skip: 0,
                times: 1,
            }
        );
        assert_eq!(
            spec("delay secs=0.5").fault,
            Fault::Delay(Duration::from_millis(500))
        );
        assert_eq!(spec("drop").matcher, FaultMatch::any());
        for (text, code) in [
            ("rate_limit", 4),
            ("POST /publish rate_limit code=80007", 80007),
        ] {
            let Fault::Reply { status: 400, body } = spec(text).fault else {
                panic!("{text}");
            };
            let body: Value = serde_json::from_str(&body).unwrap_or_default();
            assert_eq!(body["error"]["code"], code, "{text}: {body}");
            assert_eq!(body["error"]["is_transient"], true, "{text}: {body}");
        }
        assert_eq!(
            spec("/flows redirect location={path}").fault,
            Fault::Redirect {
                status: 302,
                location: "{path}".into()
            }
        );
    }

    #[test]
    fn specs_refuse_what_does_not_make_a_fault() {
        let message = |text: &str| match FaultRule::parse_spec(text) {
            Err(FaultSpecError::Spec { message, .. }) => message,
            other => panic!("{text}: {other:?}"),
        };
        assert!(message("GET /flows").contains("no fault kind"));
        assert!(message("GET /flows explode").contains("unknown fault \"explode\""));
        assert!(message("drop retry_after=3").contains("does not apply to a drop fault"));
        assert!(message("status").contains("needs \"status\""));
        assert!(message("1000").contains("not an HTTP status"));
        assert!(message("delay").contains("needs \"secs\""));
        assert!(message("delay secs=-1").contains("between 0 and"));
        assert!(message("503 times=x").contains("not a whole number"));
        assert!(message("503 drop").contains("given twice"));
        assert!(message("503 color=red").contains("unknown field `color`"));
        assert!(message("rate_limit code=17").contains("not one of Meta's rate-limit codes"));
        assert!(message("rate_limit status=429").contains("does not apply to a rate_limit"));
    }

    #[test]
    fn files_take_the_fields_of_the_reliability_proxy() {
        let rules = FaultRule::parse_file(
            r#"[
              {"method": "GET", "path": "/flows", "fault": "reply", "status": 400, "times": 5,
               "body": "{\"meta\": {}}"},
              {"fault": "reply", "body": "x", "headers": [["Content-Type", "text/plain"]],
               "retry_after": 2},
              {"fault": "html", "headers": {"X-A": "1"}},
              {"fault": "malformed"}
            ]"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rules.len(), 4);
        assert_eq!(rules[0].times, 5);
        assert_eq!(
            rules[0].fault,
            Fault::Answer {
                status: 400,
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: "{\"meta\": {}}".into()
            }
        );
        let headers = |rule: &FaultRule| match &rule.fault {
            Fault::Answer { headers, .. } => headers.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            headers(&rules[1]),
            [
                ("Content-Type".to_owned(), "text/plain".to_owned()),
                ("Retry-After".to_owned(), "2".to_owned())
            ]
        );
        assert_eq!(
            headers(&rules[2]),
            [
                ("X-A".to_owned(), "1".to_owned()),
                (
                    "Content-Type".to_owned(),
                    "text/html; charset=utf-8".to_owned()
                )
            ]
        );
        assert!(
            matches!(&rules[3].fault, Fault::Answer { status: 200, body, .. } if body == MALFORMED)
        );
    }

    #[test]
    fn file_errors_say_which_rule() {
        assert!(matches!(
            FaultRule::parse_file("{}"),
            Err(FaultSpecError::File(_))
        ));
        let e = FaultRule::parse_file(r#"[{"fault": "drop"}, {"fault": "status"}]"#);
        assert_eq!(
            e.map_err(|e| e.to_string()),
            Err("fault rule 2: a status fault needs \"status\"".to_owned())
        );
        let e = FaultRule::parse_file(r#"[{"fault": "drop", "msg": "x"}]"#);
        assert!(
            matches!(&e, Err(FaultSpecError::Rule { index: 1, message }) if message.contains("unknown field `msg`")),
            "{e:?}"
        );
    }
}
