//! How waflow covers the reference catalogue of Meta's Flow JSON rules: one row per catalogue id
//! (`R-VER-MISSING`, `R-TOP-KEYS`, …) with the waflow rules that check it, or the reason it is
//! not checked. Rendered at the end of `docs/rules.md`; `tests/catalogue.rs` keeps the table
//! in step with the catalogue.

use Status::{Checked, NotChecked, Partly};

/// How far waflow checks one catalogue rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The listed rules check it.
    Checked,
    /// The listed rules check part of it; the text says what is left out.
    Partly(&'static str),
    /// Not checked; the text says why. Rules listed with it only document the check.
    NotChecked(&'static str),
}

/// One rule of the reference catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Coverage {
    /// The catalogue id, e.g. `R-RM-BACKWARD`.
    pub reference: &'static str,
    /// What the rule requires, in a few words.
    pub says: &'static str,
    /// The waflow rule ids that check it (registry ids).
    pub rules: &'static [&'static str],
    /// Whether it is checked.
    pub status: Status,
}

const fn row(
    reference: &'static str,
    says: &'static str,
    rules: &'static [&'static str],
    status: Status,
) -> Coverage {
    Coverage {
        reference,
        says,
        rules,
        status,
    }
}

/// Every rule of the reference catalogue, in its order.
pub const CATALOGUE: &[Coverage] = &[
    // Version, top level, size.
    row(
        "R-VER-MISSING",
        "The flow declares `version`.",
        &["version/missing"],
        Checked,
    ),
    row(
        "R-VER-KNOWN",
        "`version` is a known version, written as a string.",
        &["version/invalid"],
        Checked,
    ),
    row(
        "R-VER-PUBLISHABLE",
        "Only 5.1, 6.0–6.3 and 7.0–7.3 can be published; older versions are frozen.",
        &["version/not-publishable"],
        Checked,
    ),
    row(
        "R-TOP-KEYS",
        "Only the known top-level keys (`data_channel_uri` only below 3.0).",
        &["schema/unknown-property"],
        Checked,
    ),
    row(
        "R-TOP-META",
        "A top-level `meta` object only in flows made by Meta's GenAI tool.",
        &["toplevel/meta"],
        Partly(
            "`meta` is reported in every flow: whether Meta's GenAI tool made the flow cannot be seen in the file",
        ),
    ),
    row(
        "R-TOP-DCURI",
        "No `data_channel_uri` from 3.0; below 3.0 it is a URI.",
        &[
            "endpoint/data-channel-uri-removed",
            "endpoint/data-channel-uri-format",
        ],
        Checked,
    ),
    row(
        "R-TOP-DAV",
        "`data_api_version` is \"3.0\", or \"3.0\"/\"4.0\" from 7.3.",
        &["endpoint/unsupported-data-api-version"],
        Checked,
    ),
    row(
        "R-TOP-SCREENS-MIN",
        "`screens` holds at least one screen.",
        &["schema/min-items"],
        Checked,
    ),
    row(
        "R-TOP-MAX-SCREENS",
        "At most 100 screens.",
        &["toplevel/too-many-screens"],
        Checked,
    ),
    row(
        "R-TOP-SIZE",
        "The file is at most 10 MB.",
        &["json/too-large"],
        Checked,
    ),
    row(
        "R-TOP-PARSE",
        "The file is valid JSON.",
        &["json/syntax"],
        Checked,
    ),
    // Endpoint linkage.
    row(
        "R-EP-DX-NEEDS-DAV",
        "A `data_exchange` action needs `data_api_version`.",
        &["endpoint/data-exchange-needs-data-api-version"],
        Checked,
    ),
    row(
        "R-EP-DAV-NEEDS-RM",
        "`data_api_version` needs a `routing_model`.",
        &["endpoint/data-api-version-needs-routing-model"],
        Checked,
    ),
    row(
        "R-EP-ROB",
        "`refresh_on_back: true` needs `data_api_version`.",
        &["endpoint/refresh-on-back-without-endpoint"],
        Checked,
    ),
    row(
        "R-EP-URI-PUBLISH",
        "An endpoint flow needs its endpoint URI set before publishing.",
        &["endpoint/endpoint-uri-before-publish"],
        NotChecked("needs the flow's settings in Meta's API (the endpoint URI is not in the file)"),
    ),
    row(
        "R-EP-HEALTH-PUBLISH",
        "Publishing needs a healthy endpoint and a complete account setup.",
        &["endpoint/health-check-before-publish"],
        NotChecked("needs the endpoint at runtime and the WABA account state"),
    ),
    // Screens.
    row(
        "R-SCR-ID-PATTERN",
        "Screen ids (and routing-model ids) are letters and underscores only.",
        &["screens/id-pattern"],
        Checked,
    ),
    row(
        "R-SCR-ID-EMPTY",
        "Screen ids are not empty.",
        &["schema/min-chars"],
        Checked,
    ),
    row(
        "R-SCR-ID-UNIQUE",
        "Screen ids are unique.",
        &["screens/duplicate-id"],
        Checked,
    ),
    row(
        "R-SCR-ID-RESERVED",
        "No screen is called `success`.",
        &["screens/reserved-id", "screens/reserved-id-casing"],
        Checked,
    ),
    row(
        "R-SCR-REQUIRED",
        "A screen has `id` and `layout` (and `title` for the builder).",
        &["schema/missing-property", "screens/missing-title"],
        Checked,
    ),
    row(
        "R-SCR-TITLE-BLANK",
        "A screen `title` is not blank.",
        &["screens/blank-title"],
        Checked,
    ),
    row(
        "R-SCR-KEYS",
        "A screen has only the known keys.",
        &["schema/unknown-property"],
        Checked,
    ),
    row(
        "R-SCR-LAYOUT",
        "`layout` is a `SingleColumnLayout` with `children`.",
        &["schema/enum", "schema/missing-property"],
        Checked,
    ),
    row(
        "R-SCR-SUCCESS-NONTERMINAL",
        "`success` only on terminal screens.",
        &["screens/success-on-non-terminal"],
        Checked,
    ),
    row(
        "R-SCR-SUCCESS-ONE",
        "Some terminal screen keeps `success` true.",
        &["screens/no-successful-terminal"],
        Checked,
    ),
    row(
        "R-SCR-TERMINAL-EXISTS",
        "At least one terminal screen.",
        &["screens/missing-terminal"],
        Checked,
    ),
    row(
        "R-SCR-TERMINAL-FOOTER",
        "Every terminal screen has a Footer.",
        &["screens/terminal-without-footer"],
        Checked,
    ),
    row(
        "R-SCR-TERMINAL-FOOTER-ACTION",
        "A terminal screen's Footer completes the flow (or calls the endpoint).",
        &["screens/terminal-footer-action"],
        Checked,
    ),
    row(
        "R-SCR-SENSITIVE",
        "`sensitive` lists names of components of the screen.",
        &["screens/unknown-sensitive-field"],
        Checked,
    ),
    // Screen data model.
    row(
        "R-DATA-EXAMPLE-REQ",
        "Every data field has `type` and `__example__`.",
        &[
            "data/missing-example",
            "data/missing-type",
            "schema/missing-property",
        ],
        Checked,
    ),
    row(
        "R-DATA-TYPE-STRING",
        "A data `type` is a string.",
        &["data/invalid-type", "schema/type"],
        Checked,
    ),
    row(
        "R-DATA-ARRAY-ITEMS",
        "An array field defines `items`, at every level.",
        &["data/array-items"],
        Checked,
    ),
    row(
        "R-DATA-EXAMPLE-TOPLEVEL",
        "`__example__` only at the top of a field.",
        &["data/nested-example"],
        Checked,
    ),
    row(
        "R-DATA-EXAMPLE-VALID",
        "`__example__` matches the field's schema.",
        &["data/example-mismatch"],
        Checked,
    ),
    row(
        "R-DATA-NULL",
        "`null` is neither a type nor a value.",
        &[
            "schema/enum",
            "schema/type",
            "data/example-mismatch",
            "actions/navigate-static-payload-type",
            "forms/init-values-types",
            "actions/null-payload-value",
        ],
        Checked,
    ),
    // Routing model.
    row(
        "R-RM-SHAPE",
        "`routing_model` maps screen ids to arrays of screen ids.",
        &["schema/type", "schema/pattern"],
        Checked,
    ),
    row(
        "R-RM-UNKNOWN",
        "Routing-model keys and routes are existing screens.",
        &["routing/unknown-screen"],
        Checked,
    ),
    row(
        "R-RM-MISSING",
        "Every screen appears in the routing model.",
        &["routing/missing-screen"],
        Checked,
    ),
    row(
        "R-RM-SELF",
        "No screen routes to itself.",
        &["routing/self-route"],
        Checked,
    ),
    row(
        "R-RM-BRANCHES",
        "At most 10 routes per screen.",
        &["routing/too-many-branches"],
        Checked,
    ),
    row(
        "R-RM-BACKWARD",
        "No route back along a declared route (A → B and B → A).",
        &["routing/backward-route"],
        Checked,
    ),
    row(
        "R-RM-ENTRY",
        "Some screen has no inbound route.",
        &["routing/no-entry-screen"],
        Checked,
    ),
    row(
        "R-RM-CONNECTED",
        "Every screen is connected to the first one.",
        &["routing/disconnected-screens"],
        Checked,
    ),
    row(
        "R-RM-NAVIGATE-DECLARED",
        "Every navigate A → B is a declared route.",
        &["routing/undeclared-navigate"],
        Checked,
    ),
    row(
        "R-RM-ENDS-TERMINAL",
        "Routes end at a terminal screen (docs only).",
        &["flow/dead-end-screen"],
        Checked,
    ),
    // Routing generated from navigate actions.
    row(
        "R-NAV-ENTRY",
        "Without a routing model, some screen is no navigate target.",
        &["navigation/no-entry-screen"],
        Checked,
    ),
    row(
        "R-NAV-CONNECTED",
        "Without a routing model, navigate actions connect every screen.",
        &["navigation/disconnected-screens"],
        Checked,
    ),
    row(
        "R-NAV-BRANCHES",
        "Without a routing model, at most 10 navigate targets per screen.",
        &["navigation/too-many-branches"],
        Checked,
    ),
    // Actions.
    row(
        "R-ACT-NAME-BY-COMPONENT",
        "Each component takes only some actions (`complete` on Footer, `open_url` on links, …).",
        &["actions/not-allowed-here"],
        Checked,
    ),
    row(
        "R-ACT-NEXT",
        "`navigate` has `next` (type and name); other actions have none.",
        &["schema/missing-property", "schema/conditional-property"],
        Partly(
            "`next.type` `plugin` is accepted besides `screen`, as the pywa library documents it",
        ),
    ),
    row(
        "R-ACT-OPEN-URL",
        "`open_url` has a `url` and no payload, on EmbeddedLink and OptIn (6.0+).",
        &[
            "actions/open-url-invalid-url",
            "actions/not-allowed-here",
            "schema/missing-property",
            "schema/conditional-property",
        ],
        Checked,
    ),
    row(
        "R-ACT-NAV-UNKNOWN",
        "A navigate target is an existing screen.",
        &["actions/navigate-unknown-screen"],
        Checked,
    ),
    row(
        "R-ACT-NAV-SELF",
        "A navigate action does not target its own screen.",
        &["actions/navigate-to-self"],
        Checked,
    ),
    row(
        "R-ACT-NAV-PAYLOAD-KEYS",
        "Navigate payload keys are fields of the next screen.",
        &["actions/navigate-payload-unknown-field"],
        Checked,
    ),
    row(
        "R-ACT-NAV-PAYLOAD-COMPLETE",
        "A navigate payload provides every field of the next screen.",
        &[
            "actions/navigate-payload-missing-field",
            "actions/navigate-missing-payload",
        ],
        Checked,
    ),
    row(
        "R-ACT-NAV-STATIC-TYPE",
        "Literal navigate payload values have the next screen's field types.",
        &["actions/navigate-static-payload-type"],
        Checked,
    ),
    row(
        "R-ACT-NAV-DYN-TYPE",
        "Bound navigate payload values have the next screen's field types.",
        &["actions/navigate-dynamic-payload-type"],
        Checked,
    ),
    row(
        "R-ACT-PAYLOAD-BINDINGS",
        "Payload references name existing components, fields and screens.",
        &["actions/payload-unknown-reference"],
        Checked,
    ),
    row(
        "R-ACT-COMPLETE-TERMINAL",
        "`complete` only on terminal screens.",
        &["actions/complete-on-non-terminal"],
        Checked,
    ),
    row(
        "R-ACT-NESTED-PAYLOAD",
        "Expressions in complete/data_exchange payloads parse and refer to existing data (7.2+).",
        &[
            "actions/nested-payload-syntax",
            "actions/nested-payload-unknown-reference",
        ],
        Checked,
    ),
    row(
        "R-ACT-UPDATE-KEYS",
        "`update_data` keys are fields of the current screen.",
        &["actions/update-data-unknown-field"],
        Checked,
    ),
    row(
        "R-ACT-UPDATE-SELF",
        "`update_data` does not set a field to itself.",
        &["actions/update-data-self"],
        Checked,
    ),
    row(
        "R-ACT-SELECT-EXCLUSIVE",
        "Select actions on the component or on its items, not both.",
        &["actions/select-action-on-both-levels"],
        Checked,
    ),
    row(
        "R-ACT-SELECT-KINDS",
        "Which actions select and unselect slots take, per component and version.",
        &["actions/not-allowed-here", "schema/unknown-property"],
        Checked,
    ),
    // Dynamic data and bindings.
    row(
        "R-DYN-FORMAT",
        "A binding is the whole value, in the forms the version knows.",
        &[
            "schema/pattern",
            "expressions/syntax",
            "bindings/static-enum",
        ],
        Checked,
    ),
    row(
        "R-DYN-DECLARED",
        "`${data.x}` is declared in the screen's data.",
        &["bindings/undeclared-data"],
        Checked,
    ),
    row(
        "R-DYN-TYPE",
        "A bound field's type suits the property.",
        &["bindings/type-mismatch", "bindings/item-schema"],
        Checked,
    ),
    row(
        "R-DYN-ARRAY-PATH",
        "No reference into array items.",
        &["bindings/array-item-path"],
        Checked,
    ),
    row(
        "R-DYN-GLOBAL-SELF",
        "A global reference does not name the current screen.",
        &["bindings/global-current-screen"],
        Checked,
    ),
    row(
        "R-DYN-GLOBAL-TARGET",
        "A global reference names an existing screen and field.",
        &[
            "bindings/global-unknown-screen",
            "bindings/global-unknown-field",
        ],
        Checked,
    ),
    row(
        "R-DYN-KEY-CHARS",
        "Referenced names avoid `-`, spaces, backticks and quotes.",
        &["bindings/key-characters"],
        Checked,
    ),
    row(
        "R-DYN-NESTED",
        "Backtick expressions (6.0+): not in `name`/`type`, typed operands, a result of the property's type.",
        &[
            "expressions/syntax",
            "expressions/operand-type",
            "bindings/type-mismatch",
            "bindings/typed-interpolation",
            "schema/not",
        ],
        Checked,
    ),
    row(
        "R-DYN-TEXT-ARRAY-STATIC",
        "Text array items are static; RichText does not mix text and bindings.",
        &["text/rich-text-dynamic"],
        Partly(
            "RichText only: for TextBody and TextCaption the rule is unconfirmed and contradicted by a published 6.0 example flow (pywa's math-operators example), which puts backtick expressions in a TextBody text array",
        ),
    ),
    // Forms, names, init values.
    row(
        "R-FORM-NAMES-UNIQUE",
        "Component names are unique per screen.",
        &["forms/duplicate-name"],
        Checked,
    ),
    row(
        "R-FORM-PRE40",
        "Before 4.0, inputs sit in a Form.",
        &["forms/input-outside-form-before-4-0"],
        Checked,
    ),
    row(
        "R-FORM-MIXED",
        "With a Form on the screen, every input is inside it.",
        &["forms/components-outside-form"],
        Checked,
    ),
    row(
        "R-FORM-ONE",
        "At most one Form per screen (7.0+).",
        &["forms/one-form"],
        Checked,
    ),
    row(
        "R-FORM-INIT-LOCATION",
        "`init-value`/`error-message` only on inputs outside a Form.",
        &["forms/init-value-inside-form"],
        Checked,
    ),
    row(
        "R-FORM-INIT-TYPES",
        "Form `init-values`/`error-messages` name inputs, with values of their types.",
        &["forms/init-values-types"],
        Checked,
    ),
    row(
        "R-FORM-NATIVE-INIT",
        "Media pickers are not in `init-values`.",
        &["forms/media-in-init-values"],
        Checked,
    ),
    row(
        "R-FORM-SHAPE",
        "A Form has `type`, a non-empty `name` and `children`.",
        &["schema/missing-property", "schema/min-chars"],
        Checked,
    ),
    // Component counts.
    row(
        "R-CNT-TOTAL",
        "At most 50 components per screen (docs; the builder says 100).",
        &["counts/total", "counts/builder-total"],
        Checked,
    ),
    row(
        "R-CNT-FOOTER",
        "At most one Footer per screen.",
        &["counts/footer"],
        Checked,
    ),
    row(
        "R-CNT-EMBEDDEDLINK",
        "At most two EmbeddedLinks per screen.",
        &["counts/embedded-link"],
        Checked,
    ),
    row(
        "R-CNT-IMAGE",
        "At most three Images per screen.",
        &["counts/image"],
        Checked,
    ),
    row(
        "R-CNT-OPTIN",
        "At most five OptIns per screen.",
        &["counts/opt-in"],
        Checked,
    ),
    row(
        "R-CNT-MEDIA",
        "At most one media picker per screen.",
        &["counts/media-picker"],
        Checked,
    ),
    row(
        "R-CNT-NAVLIST",
        "At most two NavigationLists per screen.",
        &["counts/navigation-list"],
        Checked,
    ),
    row(
        "R-CNT-CAROUSEL",
        "ImageCarousel: two per screen, three per flow, 1–3 base64 images.",
        &[
            "counts/image-carousel",
            "counts/image-carousel-per-flow",
            "counts/image-carousel-images",
            "components/image-base64",
        ],
        Checked,
    ),
    // Placement.
    row(
        "R-PLC-RICHTEXT",
        "RichText is alone on its screen (from 6.3 a Footer may join it).",
        &["placement/rich-text-alone", "placement/rich-text"],
        Checked,
    ),
    row(
        "R-PLC-NAVLIST",
        "A NavigationList screen holds only NavigationLists.",
        &["placement/navigation-list"],
        Checked,
    ),
    row(
        "R-PLC-NAVLIST-TERMINAL",
        "A NavigationList screen is not terminal.",
        &["navigation-list/terminal-screen"],
        Checked,
    ),
    row(
        "R-PLC-IF-CHILDREN",
        "Which components an If may hold, per version.",
        &[
            "schema/misplaced-component",
            "schema/unknown-component",
            "if/nesting",
            "if/footer-in-nested-if",
        ],
        Checked,
    ),
    row(
        "R-PLC-SWITCH-CHILDREN",
        "Which components a Switch case may hold, per version.",
        &["schema/misplaced-component", "schema/unknown-component"],
        Partly(
            "PhotoPicker, DocumentPicker and CalendarPicker are accepted in cases, as in Meta's builder schema, though the docs' list leaves them out",
        ),
    ),
    row(
        "R-PLC-AVAILABILITY",
        "Components, properties and actions exist only from their version.",
        &[
            "schema/unknown-component",
            "schema/unknown-property",
            "schema/enum",
            "schema/pattern",
        ],
        Checked,
    ),
    // If and Switch.
    row(
        "R-IF-FOOTER-BRANCHES",
        "A Footer in one If branch needs one in the other (and an `else`).",
        &["if/footer-branches"],
        Checked,
    ),
    row(
        "R-IF-FOOTER-OUTSIDE",
        "A Footer in an If excludes a Footer outside it.",
        &["counts/footer"],
        Checked,
    ),
    row(
        "R-IF-FOOTER-LEVEL",
        "A Footer only in a first-level If.",
        &["if/footer-in-nested-if"],
        Checked,
    ),
    row(
        "R-IF-NESTING",
        "If nests at most three levels deep.",
        &["if/nesting"],
        Checked,
    ),
    row(
        "R-IF-THEN-NONEMPTY",
        "`then` holds at least one component.",
        &["if/empty-then"],
        Checked,
    ),
    row(
        "R-IF-COND-EMPTY",
        "A condition is not empty.",
        &["if/condition-syntax"],
        Checked,
    ),
    row(
        "R-IF-COND-DYNAMIC",
        "A condition has a dynamic operand; no operator between two literals.",
        &["if/condition-syntax"],
        Checked,
    ),
    row(
        "R-IF-COND-BOOL",
        "A condition gives a boolean.",
        &["if/condition-type"],
        Checked,
    ),
    row(
        "R-IF-COND-TYPES",
        "Condition operators get operands of their types.",
        &["if/condition-type"],
        Checked,
    ),
    row(
        "R-IF-COND-SYNTAX",
        "A condition is a well-formed expression.",
        &["if/condition-syntax"],
        Checked,
    ),
    row(
        "R-SW-CASES",
        "A Switch has at least one case.",
        &["switch/empty-cases"],
        Checked,
    ),
    row(
        "R-SW-FOOTER",
        "A Footer in one Switch case needs one in every case.",
        &["switch/footer-cases"],
        Checked,
    ),
    // Selection components.
    row(
        "R-SEL-MIN-MAX",
        "Minimums do not exceed maximums (selected items, chars, uploads).",
        &["components/min-greater-than-max"],
        Checked,
    ),
    row(
        "R-SEL-DS-NONEMPTY",
        "A literal `data-source` has at least one item.",
        &["schema/min-items"],
        Checked,
    ),
    row(
        "R-SEL-DS-ITEM",
        "Data-source items: `id` and non-blank `title`, known keys per version, base64 `image`, `#RRGGBB` colour.",
        &[
            "schema/missing-property",
            "schema/blank-string",
            "schema/unknown-property",
            "schema/pattern",
            "components/image-base64",
        ],
        Partly(
            "an item `image` written as a `${…}` binding is not checked (its value is only known at runtime)",
        ),
    ),
    row(
        "R-SEL-DS-IMG-COLOR",
        "A data-source uses images or colours, not both.",
        &["components/data-source-image-and-color"],
        Checked,
    ),
    row(
        "R-SEL-DS-MAX",
        "Option counts: 20 for checkboxes, radios and chips (chips at least 2), 200 for Dropdown (100 with images).",
        &["components/option-count"],
        Checked,
    ),
    row(
        "R-SEL-LABEL",
        "CheckboxGroup and RadioButtonsGroup need `label` from 4.0, Dropdown always.",
        &["components/choice-group-label", "schema/missing-property"],
        Checked,
    ),
    row(
        "R-SEL-MAX-SELECTED",
        "`max-selected-items` at most 20.",
        &[],
        NotChecked(
            "only a client library states this limit, Meta's docs and builder do not; more selections than the (at most 20) options cannot be made anyway",
        ),
    ),
    // Text, Footer, TextInput, TextArea.
    row(
        "R-TXT-NONBLANK",
        "Text components' `text` is not empty or blank.",
        &["schema/blank-string", "schema/min-chars"],
        Partly(
            "empty text is reported in every version, white-space-only text from 5.0 (earlier versions predate Meta's blank-string checks)",
        ),
    ),
    row(
        "R-TXT-LIMITS",
        "Documented character limits of texts, labels and options.",
        &["text/length"],
        Checked,
    ),
    row(
        "R-TXT-MARKDOWN",
        "`markdown` only on TextBody/TextCaption from 5.1, then `text` may be an array.",
        &["schema/unknown-property", "schema/type"],
        Checked,
    ),
    row(
        "R-FOOTER-CAPTIONS",
        "Left and right captions go together; the centre caption excludes both.",
        &["schema/dependencies", "schema/conditional-property"],
        Checked,
    ),
    row(
        "R-FOOTER-LABEL",
        "A Footer has a non-empty `label` and an `on-click-action`.",
        &["schema/missing-property", "schema/min-chars"],
        Checked,
    ),
    row(
        "R-TI-PATTERN-HELPER",
        "A TextInput `pattern` needs `helper-text`.",
        &["components/pattern-needs-helper-text"],
        Checked,
    ),
    row(
        "R-TI-PATTERN-TYPE",
        "`pattern` only with text, number, password or passcode input; a bare regex without slashes.",
        &[
            "components/pattern-input-type",
            "components/pattern-delimiters",
        ],
        Partly("whether the pattern is a valid regular expression is not checked"),
    ),
    row(
        "R-TI-INPUT-TYPE",
        "`input-type` is one of the known values.",
        &["schema/enum"],
        Checked,
    ),
    row(
        "R-TA-LABEL-VARIANT",
        "`label-variant` is `large`, from 7.0.",
        &["schema/enum", "schema/unknown-property"],
        Checked,
    ),
    // Date components.
    row(
        "R-DATE-FORMAT",
        "Dates are `YYYY-MM-DD` (DatePicker from 5.0).",
        &["schema/pattern", "dates/invalid-date"],
        Checked,
    ),
    row(
        "R-DATE-MIN-MAX",
        "`min-date` is not after `max-date`.",
        &["dates/min-after-max"],
        Checked,
    ),
    row(
        "R-DATE-IN-RANGE",
        "Unavailable and initial dates lie between `min-date` and `max-date`.",
        &["dates/out-of-range"],
        Checked,
    ),
    row(
        "R-CAL-RANGE-ONLY",
        "CalendarPicker title, description and day limits only in range mode.",
        &["calendar/range-only-property"],
        Checked,
    ),
    row(
        "R-CAL-RANGE-SHAPE",
        "Range-mode values are start/end objects, in order; `min-days` ≤ `max-days`.",
        &[
            "calendar/mode-value-shape",
            "calendar/range-missing-property",
            "calendar/range-unexpected-property",
            "calendar/range-order",
            "calendar/min-max-days",
            "schema/pattern",
        ],
        Checked,
    ),
    // Media upload.
    row(
        "R-MED-RANGES",
        "Picker size and count limits stay in range.",
        &["media/upload-ranges"],
        Checked,
    ),
    row(
        "R-MED-NO-REQUIRED",
        "Pickers have no `required`.",
        &["schema/unknown-property"],
        Checked,
    ),
    row(
        "R-MED-NOT-NAVIGATE",
        "A picker value never travels in a navigate payload.",
        &["media/picker-in-navigate-payload"],
        Checked,
    ),
    row(
        "R-MED-TOP-LEVEL",
        "In complete/data_exchange payloads a picker value is a whole top-level value.",
        &["media/picker-not-top-level"],
        Checked,
    ),
    row(
        "R-MED-COMPLETE-LIMITS",
        "File count and size limits of pickers sent in `complete`.",
        &["media/complete-upload-limits"],
        Checked,
    ),
    row(
        "R-MED-MIME",
        "`allowed-mime-types` come from Meta's list.",
        &["schema/enum"],
        Checked,
    ),
    row(
        "R-MED-ERRMSG",
        "A picker `error-message` is a string or an object, also when bound.",
        &["schema/type", "bindings/type-mismatch"],
        Checked,
    ),
    // NavigationList, Image, OptIn, EmbeddedLink.
    row(
        "R-NL-ACTION",
        "NavigationList action on the list or on its items, not both nor neither; no self-navigation.",
        &[
            "navigation-list/action-in-both-places",
            "navigation-list/missing-action",
            "actions/not-allowed-here",
            "actions/navigate-to-self",
        ],
        Checked,
    ),
    row(
        "R-NL-ITEMS",
        "1–20 items, one badge, valid `end` add-ons, at most three tags.",
        &[
            "schema/min-items",
            "components/option-count",
            "navigation-list/one-badge",
            "navigation-list/end-with-large-media",
            "navigation-list/end-content",
            "schema/max-items",
        ],
        Checked,
    ),
    row(
        "R-IMG-BASE64",
        "Images are base64 data, not URLs; recommended sizes.",
        &[
            "components/image-base64",
            "components/image-size",
            "text/rich-text-image",
        ],
        Partly(
            "RichText images are checked for the data-URI form, not for valid base64; the image format (JPEG/PNG) and the 1 MB budget of data sent by the endpoint at runtime are not checked",
        ),
    ),
    row(
        "R-OPTIN-ACTION",
        "Which actions an OptIn's click and select slots take.",
        &["actions/not-allowed-here"],
        Checked,
    ),
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use waflow_core::rules::{Evidence, registry};

    #[test]
    fn rows_are_unique_and_name_registered_rules() {
        let known: HashSet<&str> = registry().iter().map(|r| r.id).collect();
        let mut seen = HashSet::new();
        for row in CATALOGUE {
            assert!(
                seen.insert(row.reference),
                "duplicate row {}",
                row.reference
            );
            assert!(row.reference.starts_with("R-"), "{}", row.reference);
            assert!(!row.says.is_empty(), "{} says nothing", row.reference);
            let mut rules = HashSet::new();
            for id in row.rules {
                assert!(known.contains(id), "{}: unknown rule {id}", row.reference);
                assert!(rules.insert(id), "{}: {id} twice", row.reference);
            }
        }
    }

    /// Inventoried rules (docs/evidence.md) whose constraint has no id in the reference
    /// catalogue (only its list of open points names it), so no row can name them.
    const NOT_IN_THE_CATALOGUE: &[&str] = &["switch/case-key", "components/checkbox-max-selected"];

    #[test]
    fn every_inventoried_rule_is_named_by_a_row() {
        for rule in registry() {
            if rule.evidence == Evidence::Consistent {
                continue;
            }
            let named = CATALOGUE.iter().any(|row| row.rules.contains(&rule.id));
            let outside = NOT_IN_THE_CATALOGUE.contains(&rule.id);
            assert!(
                named || outside,
                "{} is in no row of the catalogue",
                rule.id
            );
            assert!(!(named && outside), "{} has a row after all", rule.id);
        }
    }

    #[test]
    fn statuses_agree_with_the_registry() {
        for row in CATALOGUE {
            let infos: Vec<_> = row
                .rules
                .iter()
                .filter_map(|id| registry().into_iter().find(|r| r.id == *id))
                .collect();
            match row.status {
                Status::Checked | Status::Partly(_) => {
                    assert!(!infos.is_empty(), "{} names no rule", row.reference);
                    for info in infos {
                        assert!(
                            info.not_checked_reason.is_none(),
                            "{} is checked by {}, which is not checked",
                            row.reference,
                            info.id
                        );
                    }
                }
                Status::NotChecked(reason) => {
                    assert!(!reason.is_empty(), "{} gives no reason", row.reference);
                    for info in infos {
                        assert!(
                            info.not_checked_reason.is_some(),
                            "{} is not checked, but {} checks it",
                            row.reference,
                            info.id
                        );
                    }
                }
            }
            if let Status::Partly(text) | Status::NotChecked(text) = row.status {
                assert!(!text.is_empty(), "{} gives no reason", row.reference);
            }
        }
    }
}
