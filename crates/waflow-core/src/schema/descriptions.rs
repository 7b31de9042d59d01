//! Short descriptions of every property, shown by editors on hover and completion.

/// The description of `prop` on the object named `owner` (a component type or an object name
/// from the spec tables).
pub fn describe(owner: &str, prop: &str) -> &'static str {
    match (owner, prop) {
        ("the top level", "version") => "The Flow JSON version this flow is written in.",
        ("the top level", "screens") => "The screens of the flow; the first one opens first.",
        ("screen", "id") => "Unique screen id: letters and underscores only. SUCCESS is reserved.",
        ("screen", "title") => {
            "Text in the screen's top bar. Optional in Meta's reference; Meta's Flow Builder \
             requires it from 5.1 (waflow rule screens/missing-title)."
        }
        ("screen", "data") => {
            "The screen's data model: each key declares a `type` and an `__example__`; \
             use it as ${data.key}."
        }
        ("screen", "layout") => "What the screen shows.",
        ("layout", "type") => "The layout kind; SingleColumnLayout is the only public one.",
        ("layout", "children") => "The components of the screen, top to bottom.",
        ("Form", "children") => "The components inside the form.",
        ("Form", "name") => "Name of the form.",
        ("If", "then") => "Components shown when the condition is true.",
        ("If", "else") => "Components shown when the condition is false.",
        ("EmbeddedLink" | "TextHeading" | "TextSubheading", "text") => "The text shown.",
        ("TextBody" | "TextCaption" | "RichText", "text") => {
            "The text shown; an array of strings is joined line by line."
        }
        ("CalendarPicker", "title") | ("CalendarPicker", "description") => {
            "Shown on the calendar sheet (range mode only)."
        }
        ("ImageCarousel", "aspect-ratio") => "Aspect ratio of the carousel images.",
        ("Image", "aspect-ratio") => "Width divided by height, used when only one is given.",
        ("carousel image" | "Image", "src") => "The image as base64-encoded JPEG or PNG data.",
        ("start", "image") => "A small image at the start of the item, as base64 data.",
        ("NavigationList", "label") => "A heading above the list.",
        _ => by_name(prop),
    }
}

fn by_name(prop: &str) -> &'static str {
    match prop {
        "data_api_version" => {
            "Version of the data exchange with your endpoint; needed when the flow uses data_exchange."
        }
        "routing_model" => {
            "For endpoint flows: which screens each screen may lead to (screen id -> list of ids)."
        }
        "data_channel_uri" => "The endpoint URL (Flow JSON 2.1 only; later set through the API).",
        "terminal" => "Whether the flow can end on this screen.",
        "success" => "On a terminal screen: whether ending here counts as a successful outcome.",
        "refresh_on_back" => "Ask the endpoint for fresh data when the user comes back here.",
        "sensitive" => "Names of components whose values are masked in the response summary.",
        "name" => "Name of the component; its value is ${form.<name>}.",
        "label" => "The label shown with the component.",
        "text" => "The text shown.",
        "visible" => "Whether the component is shown (default true).",
        "enabled" => "Whether the user can interact with it (default true).",
        "required" => "Whether a value must be given before moving on.",
        "helper-text" => "A hint shown under the field.",
        "description" => "A longer explanation shown with the component.",
        "metadata" => "Extra text shown with the item.",
        "init-value" => "The initial value (only outside a Form; inside one use init-values).",
        "error-message" => "An error to show on the field (only outside a Form).",
        "init-values" => "Initial values of the form's inputs, by component name.",
        "error-messages" => "Errors to show on the form's inputs, by component name.",
        "input-type" => "The kind of keyboard and validation for the field.",
        "min-chars" => "Fewest characters accepted.",
        "max-chars" => "Most characters accepted (default 80).",
        "max-length" => "Most characters accepted (default 600).",
        "pattern" => "A regular expression the value must match; needs helper-text.",
        "label-variant" => "`large` shows a bigger label.",
        "font-weight" => "How the text is styled.",
        "strikethrough" => "Whether the text is struck through.",
        "markdown" => "Whether the text is read as limited markdown.",
        "data-source" => "The options to choose from.",
        "id" => "Identifier of the option, sent as the value.",
        "title" => "The title shown.",
        "image" => "An image for the option, as base64 data.",
        "alt-text" => "Text describing the image for accessibility.",
        "color" => "A colour swatch for the option, as #RRGGBB.",
        "min-selected-items" => "Fewest options the user must pick.",
        "max-selected-items" => "Most options the user may pick.",
        "media-size" => "Size of the images in the options.",
        "on-click-action" => "What happens when the user taps it.",
        "on-select-action" => "What happens when the user selects a value.",
        "on-unselect-action" => "What happens when the user clears a selection.",
        "left-caption" | "right-caption" => {
            "A caption next to the button; left and right go together."
        }
        "center-caption" => "A caption centred above the button; not with left or right captions.",
        "min-date" | "max-date" => "Earliest / latest date that can be picked.",
        "unavailable-dates" => "Dates that cannot be picked.",
        "mode" => "`single` picks one date, `range` picks a start and an end date.",
        "include-days" => "Weekdays that can be picked.",
        "min-days" | "max-days" => "Fewest / most days a range may span (range mode).",
        "start-date" => "Value for the start date.",
        "end-date" => "Value for the end date.",
        "src" => "The image as base64 data.",
        "width" => "Width of the image.",
        "height" => "Height of the image.",
        "scale-type" => "How the image fills its box.",
        "images" => "The images of the carousel (one to three).",
        "photo-source" => "Where photos may come from.",
        "max-file-size-kb" => "Largest file accepted, in kB.",
        "min-uploaded-photos" | "min-uploaded-documents" => "Fewest files the user must add.",
        "max-uploaded-photos" | "max-uploaded-documents" => "Most files the user may add.",
        "allowed-mime-types" => "File types the user may pick.",
        "list-items" => "The items of the list.",
        "main-content" => "Title, description and metadata of the item.",
        "start" => "An image at the start of the item.",
        "end" => "Text at the end of the item.",
        "badge" => "A highlighted label (at most one item per list).",
        "tags" => "Up to three short tags.",
        "condition" => "A boolean condition over ${data.…} and ${form.…} values.",
        "value" => "The binding whose value picks the case.",
        "cases" => "Components to show for each value.",
        "type" => "The component type.",
        "payload" => "Data sent with the action.",
        "next" => "The screen to go to.",
        "url" => "The web page to open.",
        _ => "",
    }
}
