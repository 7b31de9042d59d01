//! `waflow flows …`: one subcommand per WhatsApp Flows operation of the Partner API.

use clap::{Args, Subcommand, builder::PossibleValuesParser};
use waflow_api::deploy;
use waflow_api::model::{
    ALL_FIELDS, CATEGORIES, CreateFlow, Flow, MigrateFlows, Migration, UpdateFlow,
};

use super::remote::{self, Failure, RemoteArgs, check_flow_id, emit, print_json};
use crate::exit;
use crate::render::{plural, printable};

/// Arguments of `waflow flows`.
#[derive(Args, Debug)]
#[command(
    after_help = "Exit status: 0 done, 2 usage or configuration error, 3 the API refused or could not be reached (for migrate: also when any flow was not copied)."
)]
pub struct FlowsArgs {
    /// The operation.
    #[command(subcommand)]
    pub op: FlowsOp,

    /// Print the API's answer as JSON instead of a table.
    #[arg(long, global = true)]
    pub json: bool,

    /// Connection.
    #[command(flatten)]
    pub remote: RemoteArgs,
}

/// One operation.
#[derive(Subcommand, Debug)]
pub enum FlowsOp {
    /// List the flows of the WABA account.
    List {
        /// Fields to read (comma-separated) [default: the API's: id,name,categories,validation_errors,status].
        #[arg(long, value_delimiter = ',', value_parser = PossibleValuesParser::new(ALL_FIELDS))]
        fields: Vec<String>,
    },
    /// Show one flow.
    Get {
        /// The flow id.
        id: String,
        /// Fields to read (comma-separated) [default: the API's].
        #[arg(long, value_delimiter = ',', value_parser = PossibleValuesParser::new(ALL_FIELDS))]
        fields: Vec<String>,
    },
    /// Create a DRAFT flow (never twice: a failed attempt is looked up by name before another).
    Create {
        /// Name, unique in the WABA account.
        #[arg(long, value_parser = flow_name)]
        name: String,
        /// Category (repeat for several) [default: OTHER].
        #[arg(long = "category", value_parser = PossibleValuesParser::new(CATEGORIES))]
        categories: Vec<String>,
        /// Copy the flow JSON of this flow.
        #[arg(long, value_name = "FLOW_ID")]
        clone_flow_id: Option<String>,
        /// Endpoint URL (flow JSON 3.0 and later only).
        #[arg(long, value_name = "URL")]
        endpoint_uri: Option<String>,
    },
    /// Change a flow's name, categories or endpoint URL.
    Update {
        /// The flow id.
        id: String,
        /// New name.
        #[arg(long, value_parser = flow_name)]
        name: Option<String>,
        /// New categories (repeat for several).
        #[arg(long = "category", value_parser = PossibleValuesParser::new(CATEGORIES))]
        categories: Vec<String>,
        /// New endpoint URL (flow JSON 3.0 and later only).
        #[arg(long, value_name = "URL")]
        endpoint_uri: Option<String>,
    },
    /// Delete a DRAFT flow.
    Delete {
        /// The flow id.
        id: String,
    },
    /// Copy flows from another WABA account of the same business.
    Migrate {
        /// The 360dialog WABA account id to copy from.
        #[arg(long, value_name = "ID")]
        source_waba_account_id: String,
        /// Only the flow with this name (repeat for several) [default: all].
        #[arg(long = "name")]
        names: Vec<String>,
    },
    /// List a flow's assets (its flow.json and download link).
    Assets {
        /// The flow id.
        id: String,
    },
    /// Show a flow's preview link.
    Preview {
        /// The flow id.
        id: String,
        /// Issue a new link (the old one stops working).
        #[arg(long)]
        invalidate: bool,
    },
    /// Deprecate a published flow (for good).
    Deprecate {
        /// The flow id.
        id: String,
    },
    /// Publish a DRAFT flow as it is, without local validation (see `waflow publish FILE`).
    Publish {
        /// The flow id.
        id: String,
    },
}

/// Parses a flow name: refused when empty or only spaces (Meta refuses it too).
pub(crate) fn flow_name(name: &str) -> Result<String, String> {
    if name.trim().is_empty() {
        Err("a flow name must not be empty".to_owned())
    } else {
        Ok(name.to_owned())
    }
}

/// Runs `waflow flows …` and returns the exit code.
pub fn run(args: FlowsArgs) -> u8 {
    match remote::block_on(execute(args)).and_then(|r| r) {
        Ok(()) => exit::OK,
        Err(failure) => failure.report(),
    }
}

async fn execute(args: FlowsArgs) -> Result<(), Failure> {
    if let FlowsOp::Get { id, .. }
    | FlowsOp::Update { id, .. }
    | FlowsOp::Delete { id }
    | FlowsOp::Assets { id }
    | FlowsOp::Preview { id, .. }
    | FlowsOp::Deprecate { id }
    | FlowsOp::Publish { id } = &args.op
    {
        check_flow_id(id)?;
    }
    let session = args.remote.connect()?;
    let api = session.client.as_ref();
    let json = args.json;
    match args.op {
        FlowsOp::List { fields } => {
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            let list = api.list_flows(&fields).await?;
            if json {
                return print_json(&list);
            }
            emit(&flow_table(&list.flows, &fields))
        }
        FlowsOp::Get { id, fields } => {
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            let flow = api.get_flow(&id, &fields).await?;
            if json {
                return print_json(&flow);
            }
            emit(&flow_details(&flow))
        }
        FlowsOp::Create {
            name,
            categories,
            clone_flow_id,
            endpoint_uri,
        } => {
            if let Some(c) = &clone_flow_id {
                check_flow_id(c)?;
            }
            let body = CreateFlow {
                name,
                categories: if categories.is_empty() {
                    vec!["OTHER".to_owned()]
                } else {
                    categories
                },
                clone_flow_id,
                endpoint_uri,
                flow_json: None,
            };
            let created = deploy::create_flow(api, &body, &session.retry).await?;
            if created.recovered {
                stderr_line!(
                    "waflow: the create call got no clear answer; flow \"{}\" was found by name afterwards (created once)",
                    body.name
                );
            }
            if json {
                return print_json(&serde_json::json!({ "id": created.id }));
            }
            emit(&format!(
                "created flow {} \"{}\" (DRAFT)",
                created.id, body.name
            ))
        }
        FlowsOp::Update {
            id,
            name,
            categories,
            endpoint_uri,
        } => {
            let body = UpdateFlow {
                name,
                categories: (!categories.is_empty()).then_some(categories),
                endpoint_uri,
            };
            if body.is_empty() {
                return Err(Failure::Usage(
                    "nothing to update: pass --name, --category or --endpoint-uri".into(),
                ));
            }
            let done = api.update_flow(&id, &body).await?;
            if json {
                return print_json(&done);
            }
            emit(&format!("updated flow {id}"))
        }
        FlowsOp::Delete { id } => {
            let done = api.delete_flow(&id).await?;
            if json {
                return print_json(&done);
            }
            emit(&format!("deleted flow {id}"))
        }
        FlowsOp::Migrate {
            source_waba_account_id,
            names,
        } => {
            let body = MigrateFlows {
                source_waba_account_id,
                source_flow_names: names,
            };
            let done = api.migrate_flows(&body).await?;
            if json {
                print_json(&done)?;
            } else {
                emit(&migration_table(&done))?;
            }
            let failed = done.failed_flows.len();
            if failed == 0 {
                return Ok(());
            }
            Err(Failure::Lifecycle {
                reason: format!(
                    "{failed} of {} not copied ({})",
                    plural(failed + done.migrated_flows.len(), "flow"),
                    if json { "see failed_flows" } else { "see the table" }
                ),
                hint: "a name already used in this account is not copied again (4233041): rename or delete the flow here, or leave it out (--name picks the flows to copy)".into(),
            })
        }
        FlowsOp::Assets { id } => {
            let assets = api.list_assets(&id).await?;
            if json {
                return print_json(&assets);
            }
            let mut rows = vec![vec![
                "NAME".to_owned(),
                "TYPE".to_owned(),
                "DOWNLOAD URL".to_owned(),
            ]];
            for a in &assets.assets {
                rows.push(vec![
                    a.name.clone(),
                    a.asset_type.clone(),
                    a.download_url.clone(),
                ]);
            }
            emit(&table(&rows))
        }
        FlowsOp::Preview { id, invalidate } => {
            let preview = api.preview(&id, invalidate).await?;
            if json {
                return print_json(&preview);
            }
            match &preview.preview.expires_at {
                Some(at) => emit(&format!("{} (expires {at})", preview.preview.preview_url)),
                None => emit(&preview.preview.preview_url),
            }
        }
        FlowsOp::Deprecate { id } => {
            let done = api.deprecate_flow(&id).await?;
            if json {
                return print_json(&done);
            }
            emit(&format!("deprecated flow {id}"))
        }
        FlowsOp::Publish { id } => {
            let done = api.publish_flow(&id).await?;
            if json {
                return print_json(&done);
            }
            emit(&format!("published flow {id}"))
        }
    }
}

/// The columns of `flows list` without `--fields` (the fields the API reads by default).
const DEFAULT_COLUMNS: [&str; 5] = ["id", "name", "status", "categories", "validation_errors"];

/// The flows as a table with one column per field in `fields` (in that order; the default
/// columns when empty). `validation_errors` is shown as a count, `preview` as its link.
fn flow_table(flows: &[Flow], fields: &[&str]) -> String {
    let fields = if fields.is_empty() {
        &DEFAULT_COLUMNS[..]
    } else {
        fields
    };
    let header = |field: &str| match field {
        "validation_errors" => "ERRORS".to_owned(),
        other => other.to_ascii_uppercase(),
    };
    let mut rows = vec![fields.iter().map(|f| header(f)).collect::<Vec<_>>()];
    for f in flows {
        rows.push(fields.iter().map(|field| cell(f, field)).collect());
    }
    let mut text = table(&rows);
    text.push('\n');
    text.push_str(&plural(flows.len(), "flow"));
    text
}

/// The value of `field` of `flow` in a table cell (empty when the answer has none).
fn cell(flow: &Flow, field: &str) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    match field {
        "id" => flow.id.clone(),
        "name" => text(&flow.name),
        "status" => flow
            .status
            .as_ref()
            .map(|s| s.to_string())
            .unwrap_or_default(),
        "categories" => flow
            .categories
            .as_ref()
            .map(|c| c.join(","))
            .unwrap_or_default(),
        "validation_errors" => flow
            .validation_errors
            .as_ref()
            .map(|e| e.len().to_string())
            .unwrap_or_default(),
        "json_version" => text(&flow.json_version),
        "data_api_version" => text(&flow.data_api_version),
        "data_channel_uri" => text(&flow.data_channel_uri),
        "endpoint_uri" => text(&flow.endpoint_uri),
        "preview" => flow
            .preview
            .as_ref()
            .map(|p| p.preview_url.clone())
            .unwrap_or_default(),
        other => match flow.extra.get(other) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => String::new(),
        },
    }
}

/// The result of `flows migrate` as a table: one row per flow copied or not.
fn migration_table(done: &Migration) -> String {
    let mut rows = vec![vec![
        "SOURCE NAME".to_owned(),
        "SOURCE ID".to_owned(),
        "RESULT".to_owned(),
    ]];
    for m in &done.migrated_flows {
        rows.push(vec![
            m.source_name.clone(),
            m.source_id.clone(),
            format!("copied as {}", m.migrated_id),
        ]);
    }
    for f in &done.failed_flows {
        let code = match &f.error_code {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        rows.push(vec![
            f.source_name.clone(),
            String::new(),
            format!("failed ({code}): {}", f.error_message),
        ]);
    }
    table(&rows)
}

/// One flow as `key: value` lines, then its validation errors.
fn flow_details(flow: &Flow) -> String {
    let mut lines = vec![format!("id: {}", flow.id)];
    let mut field = |key: &str, value: Option<String>| {
        if let Some(v) = value {
            lines.push(format!("{key}: {}", printable(&v)));
        }
    };
    field("name", flow.name.clone());
    field("status", flow.status.as_ref().map(|s| s.to_string()));
    field("categories", flow.categories.as_ref().map(|c| c.join(", ")));
    field("json_version", flow.json_version.clone());
    field("data_api_version", flow.data_api_version.clone());
    field("endpoint_uri", flow.endpoint_uri.clone());
    field("data_channel_uri", flow.data_channel_uri.clone());
    field(
        "preview",
        flow.preview.as_ref().map(|p| p.preview_url.clone()),
    );
    for (k, v) in &flow.extra {
        field(k, Some(v.to_string()));
    }
    if let Some(errors) = &flow.validation_errors {
        lines.push(format!("validation_errors: {}", errors.len()));
        for e in errors {
            let at = e
                .pointers
                .first()
                .map(|p| format!(" at {}", p.path))
                .unwrap_or_default();
            lines.push(
                printable(&format!(
                    "  {}:{}: {}{at}: {}",
                    e.line_start, e.column_start, e.error, e.message
                ))
                .into_owned(),
            );
        }
    }
    lines.join("\n")
}

/// Left-aligned columns separated by two spaces (the last column is not padded). Every cell
/// goes through [`printable`], so a line feed in server text cannot start a table line.
fn table(rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| printable(c).into_owned()).collect())
        .collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|r| {
            let mut line = String::new();
            for (c, cell) in r.iter().enumerate() {
                if c + 1 == r.len() {
                    line.push_str(cell);
                } else {
                    let pad = widths[c] - cell.chars().count();
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad + 2));
                }
            }
            line.trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_columns() {
        let rows = vec![
            vec!["ID".to_owned(), "NAME".to_owned()],
            vec!["12345".to_owned(), "Sign up".to_owned()],
        ];
        assert_eq!(table(&rows), "ID     NAME\n12345  Sign up");
    }

    #[test]
    fn server_text_cannot_forge_a_line() {
        let flow: Flow = serde_json::from_value(serde_json::json!({
            "id": "1",
            "name": "x\n2  forged\r",
            "validation_errors": [{"error": "E", "message": "bad\nwaflow: published",
                "line_start": 1, "line_end": 1, "column_start": 1, "column_end": 2,
                "pointers": []}]
        }))
        .expect("a flow");
        let listed = flow_table(std::slice::from_ref(&flow), &["id", "name"]);
        assert_eq!(listed, "ID  NAME\n1   x?2  forged?\n1 flow");
        let details = flow_details(&flow);
        assert!(details.contains("name: x?2  forged?"), "{details}");
        assert!(details.contains("E: bad?waflow: published"), "{details}");
        assert_eq!(details.lines().count(), 4, "{details}");
    }
}
