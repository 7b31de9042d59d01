//! DatePicker and CalendarPicker: real dates, `min-date` ≤ `max-date`, values inside the range,
//! and CalendarPicker's range mode.

use serde_json::Value;

use crate::finding::Anchor;
use crate::pointer;
use crate::version::FlowVersion;

use super::engine::{Rule, RuleInfo, Sink};
use super::props::{self, one_screen};
use super::walker::{Component, Ctx};

const DATES: RuleInfo = RuleInfo {
    code: "INVALID_DATE_RANGE",
    since: FlowVersion::V5_0,
    ..RuleInfo::DEFAULT
};

const CALENDAR: RuleInfo = RuleInfo {
    since: FlowVersion::V6_1,
    ..RuleInfo::DEFAULT
};

/// Properties that only exist in range mode.
const RANGE_ONLY: &[&str] = &["title", "description", "min-days", "max-days"];

/// Properties that are `{start-date, end-date}` objects in range mode and scalars otherwise.
const RANGE_SHAPED: &[&str] = &[
    "label",
    "helper-text",
    "required",
    "init-value",
    "error-message",
];

/// The date rules.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        info: RuleInfo {
            id: "dates/invalid-date",
            summary: "Dates of DatePicker and CalendarPicker must be real calendar days (no 2024-02-30).",
            why: "Meta reads `YYYY-MM-DD` dates (5.0+); a day that does not exist cannot be shown or compared.",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"DatePicker","name":"day","label":"Day","min-date":"2025-02-30"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"DatePicker","name":"day","label":"Day","min-date":"2025-02-28"},"#
            ),
            notes: "A date that is not written as YYYY-MM-DD at all is reported by the schema layer.",
            ..DATES
        },
        check: Some(dates),
    },
    Rule {
        info: RuleInfo {
            id: "dates/min-after-max",
            summary: "`min-date` may not be later than `max-date`.",
            why: "No day could be picked; Meta rejects it (\"'min-date' cannot be greater than 'max-date' for DatePicker 'x'.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"DatePicker","name":"day","label":"Day","min-date":"2025-12-31","max-date":"2025-01-01"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"DatePicker","name":"day","label":"Day","min-date":"2025-01-01","max-date":"2025-12-31"},"#
            ),
            ..DATES
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "dates/out-of-range",
            summary: "`unavailable-dates` and `init-value` must lie between `min-date` and `max-date`.",
            why: "Meta rejects dates outside the pickable range (\"The value of property 'unavailable-dates' of component 'DatePicker' must be in the range of [2024-01-01, 2024-12-31].\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"DatePicker","name":"day","label":"Day","min-date":"2025-01-01","max-date":"2025-12-31","unavailable-dates":["2026-01-01"]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"DatePicker","name":"day","label":"Day","min-date":"2025-01-01","max-date":"2025-12-31","unavailable-dates":["2025-12-25"]},"#
            ),
            ..DATES
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "calendar/range-order",
            code: "INVALID_DATE_RANGE",
            summary: "In a CalendarPicker range `init-value`, `start-date` may not be later than `end-date`.",
            why: "A range that ends before it starts cannot be shown.",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":{"start-date":"Check-in","end-date":"Check-out"},"init-value":{"start-date":"2025-06-10","end-date":"2025-06-01"}},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":{"start-date":"Check-in","end-date":"Check-out"},"init-value":{"start-date":"2025-06-01","end-date":"2025-06-10"}},"#
            ),
            notes: "Meta's exact code for this case is not documented; INVALID_DATE_RANGE is the code of its other date-order checks.",
            ..CALENDAR
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "calendar/min-max-days",
            code: "INVALID_MIN_MAX_DAYS",
            summary: "A CalendarPicker's `min-days` may not be greater than its `max-days`.",
            why: "No range could be picked; Meta rejects it (\"'min-days' cannot be greater than 'max-days' for CalendarPicker 'x'.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":{"start-date":"Check-in","end-date":"Check-out"},"min-days":7,"max-days":3},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":{"start-date":"Check-in","end-date":"Check-out"},"min-days":3,"max-days":7},"#
            ),
            ..CALENDAR
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "calendar/range-only-property",
            code: "INVALID_PROPERTY_NAME_FOR_CONDITION",
            summary: "A CalendarPicker's `title`, `description`, `min-days` and `max-days` exist only with `\"mode\": \"range\"`.",
            why: "Meta rejects them in single mode (\"Cannot set property 'min-days' when 'mode' is not set to 'range' for component 'CalendarPicker'.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"day","label":"Day","title":"Pick a day"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"day","label":"Day"},"#
            ),
            notes: "Not checked when `mode` is dynamic.",
            ..CALENDAR
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "calendar/mode-value-shape",
            code: "INVALID_TYPE",
            summary: "In range mode a CalendarPicker's `label`, `helper-text`, `required`, `init-value` and `error-message` are `{\"start-date\", \"end-date\"}` objects; in single mode they are plain values.",
            why: "Meta rejects the other shape (\"The value of property 'label' of component 'CalendarPicker' must be of type '{\"start-date\": string, \"end-date\": string}' when the 'mode' is set to 'range'.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":"Stay"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":{"start-date":"Check-in","end-date":"Check-out"}},"#
            ),
            notes: "Missing and unexpected keys inside the objects are schema errors (calendar/range-missing-property, calendar/range-unexpected-property). Not checked when `mode` or the value is dynamic.",
            ..CALENDAR
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "calendar/range-missing-property",
            code: "MISSING_CALENDAR_PICKER_RANGE_MODE_PROP",
            summary: "In range mode a CalendarPicker's `label` needs both `start-date` and `end-date`.",
            why: "Both ends of the range need a caption; Meta rejects a label without one (\"The property 'end-date' of component 'CalendarPicker' must be present when the mode is set to 'range'.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":{"start-date":"Check-in"}},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":{"start-date":"Check-in","end-date":"Check-out"}},"#
            ),
            notes: "The schema layer reports it (schema/missing-property, code MISSING_REQUIRED_PROPERTY).",
            reported_by: Some("schema/missing-property"),
            ..CALENDAR
        },
        check: None,
    },
    Rule {
        info: RuleInfo {
            id: "calendar/range-unexpected-property",
            code: "UNEXPECTED_CALENDAR_PICKER_RANGE_MODE_PROP",
            summary: "The range objects of a CalendarPicker hold only `start-date` and `end-date`.",
            why: "Meta rejects other keys (\"The property 'label' of component 'CalendarPicker' only expects properties 'start-date' and 'end-date' when the mode is set to 'range'.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":{"start-date":"Check-in","end-date":"Check-out","nights":"Nights"}},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":{"start-date":"Check-in","end-date":"Check-out"}},"#
            ),
            notes: "The schema layer reports it (schema/unknown-property, code INVALID_PROPERTY_KEY).",
            reported_by: Some("schema/unknown-property"),
            ..CALENDAR
        },
        check: None,
    },
];

/// Days since 0000-03-01 of a real `YYYY-MM-DD` date; `Err(())` for a well-shaped date that does
/// not exist; `None` for anything else (dynamic values, other formats).
fn day_number(s: &str) -> Option<Result<i64, ()>> {
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Some(Err(())),
    };
    if d < 1 || d > days_in_month {
        return Some(Err(()));
    }
    // Days from civil (Howard Hinnant's algorithm), shifted so that March starts the year.
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    Some(Ok(y * 365 + y / 4 - y / 100
        + y / 400
        + (153 * m + 2) / 5
        + d
        - 1))
}

/// A literal date of the component, its pointer and its day number (real dates only).
struct Dated {
    pointer: String,
    text: String,
    day: i64,
}

/// Every literal date string of a date component: min, max, unavailable dates, init value.
fn literal_dates<'a>(c: &Component<'a>) -> Vec<(&'static str, String, &'a str)> {
    let mut out = Vec::new();
    for key in ["min-date", "max-date"] {
        if let Some(s) = c.value.get(key).and_then(Value::as_str) {
            out.push((key, pointer::push(&c.pointer, key), s));
        }
    }
    if let Some(items) = c.value.get("unavailable-dates").and_then(Value::as_array) {
        let base = pointer::push(&c.pointer, "unavailable-dates");
        for (i, item) in items.iter().enumerate() {
            if let Some(s) = item.as_str() {
                out.push(("unavailable-dates", pointer::push_index(&base, i), s));
            }
        }
    }
    match c.value.get("init-value") {
        Some(Value::String(s)) => {
            out.push(("init-value", pointer::push(&c.pointer, "init-value"), s))
        }
        Some(Value::Object(range)) => {
            let base = pointer::push(&c.pointer, "init-value");
            for key in ["start-date", "end-date"] {
                if let Some(s) = range.get(key).and_then(Value::as_str) {
                    out.push(("init-value", pointer::push(&base, key), s));
                }
            }
        }
        _ => {}
    }
    out
}

/// One pass over the date components for every rule of this file.
fn dates(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in &ctx.components {
        match c.kind {
            "DatePicker" => date_values(ctx, sink, c),
            "CalendarPicker" => {
                date_values(ctx, sink, c);
                calendar(ctx, sink, c);
            }
            _ => {}
        }
    }
}

fn date_values(ctx: &Ctx<'_>, sink: &mut Sink, c: &Component<'_>) {
    let name = c.name.unwrap_or("");
    let mut min = None;
    let mut max = None;
    let mut others = Vec::new();
    for (key, at, text) in literal_dates(c) {
        match day_number(text) {
            None => {}
            Some(Err(())) => {
                props::report_as(
                    ctx,
                    sink,
                    &RULES[0].info,
                    &at,
                    format!("'{text}' is not a day of the calendar"),
                );
            }
            Some(Ok(day)) => {
                let dated = Dated {
                    pointer: at,
                    text: text.to_owned(),
                    day,
                };
                match key {
                    "min-date" => min = Some(dated),
                    "max-date" => max = Some(dated),
                    _ => others.push((key, dated)),
                }
            }
        }
    }
    if let (Some(lo), Some(hi)) = (&min, &max)
        && lo.day > hi.day
    {
        props::report_as(
            ctx,
            sink,
            &RULES[1].info,
            &lo.pointer,
            format!(
                "'min-date' {} is later than 'max-date' {} for {} '{name}'",
                lo.text, hi.text, c.kind
            ),
        )
        .map(|r| r.help("swap the two dates"));
        return;
    }
    for (key, d) in &others {
        let below = min.as_ref().is_some_and(|lo| d.day < lo.day);
        let above = max.as_ref().is_some_and(|hi| d.day > hi.day);
        if below || above {
            let lo = min.as_ref().map_or("…", |m| m.text.as_str());
            let hi = max.as_ref().map_or("…", |m| m.text.as_str());
            props::report_as(
                ctx,
                sink,
                &RULES[2].info,
                &d.pointer,
                format!(
                    "{key} {} is outside the range [{lo}, {hi}] of {} '{name}'",
                    d.text, c.kind
                ),
            );
        }
    }
    let range: Vec<_> = others
        .iter()
        .filter(|(k, _)| *k == "init-value")
        .map(|(_, d)| d)
        .collect();
    if let [start, end] = range.as_slice()
        && start.day > end.day
        && start.pointer.ends_with("start-date")
    {
        props::report_as(
            ctx,
            sink,
            &RULES[3].info,
            &start.pointer,
            format!(
                "the range starts on {} but ends earlier, on {}",
                start.text, end.text
            ),
        );
    }
}

fn calendar(ctx: &Ctx<'_>, sink: &mut Sink, c: &Component<'_>) {
    let name = c.name.unwrap_or("");
    if let (Some(lo), Some(hi)) = (
        props::literal_number(c, "min-days"),
        props::literal_number(c, "max-days"),
    ) && lo > hi
    {
        props::report_as(
            ctx,
            sink,
            &RULES[4].info,
            &pointer::push(&c.pointer, "min-days"),
            format!("'min-days' {lo} is greater than 'max-days' {hi} for CalendarPicker '{name}'"),
        );
    }
    let range = match c.value.get("mode") {
        None => false,
        Some(Value::String(m)) if m == "range" => true,
        Some(Value::String(m)) if m == "single" => false,
        _ => return,
    };
    if !range {
        for key in RANGE_ONLY.iter().filter(|k| c.value.contains_key(**k)) {
            props::report_as(
                ctx,
                sink,
                &RULES[5].info,
                &pointer::push(&c.pointer, key),
                format!("'{key}' is only allowed when the CalendarPicker's mode is 'range'"),
            )
            .map(|r| {
                r.anchor(Anchor::Key)
                    .help("remove it, or set \"mode\": \"range\"")
            });
        }
    }
    for key in RANGE_SHAPED {
        let Some(value) = c.value.get(*key) else {
            continue;
        };
        if value.as_str().is_some_and(|s| !props::is_literal_str(s)) {
            continue;
        }
        let message = match (range, value.is_object()) {
            (true, false) => format!(
                "in range mode '{key}' must be an object with \"start-date\" and \"end-date\""
            ),
            (false, true) => {
                format!("'{key}' is an object, which is only allowed when the mode is 'range'")
            }
            _ => continue,
        };
        props::report_as(
            ctx,
            sink,
            &RULES[6].info,
            &pointer::push(&c.pointer, key),
            message,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_follow_the_calendar() {
        assert_eq!(day_number("2024-02-29").map(|r| r.is_ok()), Some(true));
        assert_eq!(day_number("2023-02-29"), Some(Err(())));
        assert_eq!(day_number("2025-13-01"), Some(Err(())));
        assert_eq!(day_number("2025-04-31"), Some(Err(())));
        assert_eq!(day_number("${data.d}"), None);
        assert_eq!(day_number("1700000000000"), None);
        let a = day_number("2024-12-31").and_then(Result::ok);
        let b = day_number("2025-01-01").and_then(Result::ok);
        assert_eq!(b.zip(a).map(|(b, a)| b - a), Some(1));
    }
}
