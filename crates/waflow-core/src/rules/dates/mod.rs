//! The `dates/…` rules: real dates, `min-date` ≤ `max-date`, and values inside the range, in
//! DatePicker and CalendarPicker. One pass over the pickers reports them and the `calendar/…`
//! rules.

pub(super) mod invalid_date;
pub(super) mod min_after_max;
pub(super) mod out_of_range;

use serde_json::Value;

use crate::expr;
use crate::finding::Anchor;
use crate::pointer;
use crate::rules::engine::{Pass, Sink};
use crate::rules::lookup::Field;
use crate::rules::props;
use crate::rules::walker::{Component, Ctx};

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
        if let Some(s) = c.value.field(key).and_then(Value::as_str) {
            out.push((key, pointer::push(&c.pointer, key), s));
        }
    }
    if let Some(items) = c.value.field("unavailable-dates").and_then(Value::as_array) {
        let base = pointer::push(&c.pointer, "unavailable-dates");
        for (i, item) in items.iter().enumerate() {
            if let Some(s) = item.as_str() {
                out.push(("unavailable-dates", pointer::push_index(&base, i), s));
            }
        }
    }
    match c.value.field("init-value") {
        Some(Value::String(s)) => {
            out.push(("init-value", pointer::push(&c.pointer, "init-value"), s))
        }
        Some(Value::Object(range)) => {
            let base = pointer::push(&c.pointer, "init-value");
            for key in ["start-date", "end-date"] {
                if let Some(s) = range.field(key).and_then(Value::as_str) {
                    out.push(("init-value", pointer::push(&base, key), s));
                }
            }
        }
        _ => {}
    }
    out
}

/// One pass over the date components for the `dates/…` and `calendar/…` rules.
fn dates(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in &ctx.components {
        match c.kind {
            "DatePicker" => date_values(sink, c),
            "CalendarPicker" => {
                date_values(sink, c);
                calendar(sink, c);
            }
            _ => {}
        }
    }
}

/// The pass of the `dates/…` and `calendar/…` rules.
pub(super) static DATES_PASS: Pass = Pass(dates);

fn date_values(sink: &mut Sink, c: &Component<'_>) {
    let name = c.name.unwrap_or("");
    let mut min = None;
    let mut max = None;
    let mut others = Vec::new();
    for (key, at, text) in literal_dates(c) {
        match day_number(text) {
            None => {}
            Some(Err(())) => {
                sink.report(
                    &invalid_date::RULE,
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
        sink.report(
            &min_after_max::RULE,
            &lo.pointer,
            format!(
                "'min-date' {} is later than 'max-date' {} for {} '{name}'",
                lo.text, hi.text, c.kind
            ),
        )
        .help("swap the two dates");
        return;
    }
    for (key, d) in &others {
        let below = min.as_ref().is_some_and(|lo| d.day < lo.day);
        let above = max.as_ref().is_some_and(|hi| d.day > hi.day);
        if below || above {
            let lo = min.as_ref().map_or("…", |m| m.text.as_str());
            let hi = max.as_ref().map_or("…", |m| m.text.as_str());
            sink.report(
                &out_of_range::RULE,
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
        sink.report(
            &super::calendar::range_order::RULE,
            &start.pointer,
            format!(
                "the range starts on {} but ends earlier, on {}",
                start.text, end.text
            ),
        );
    }
}

fn calendar(sink: &mut Sink, c: &Component<'_>) {
    let name = c.name.unwrap_or("");
    if let (Some(lo), Some(hi)) = (
        props::literal_number(c, "min-days"),
        props::literal_number(c, "max-days"),
    ) && lo > hi
    {
        sink.report(
            &super::calendar::min_max_days::RULE,
            pointer::push(&c.pointer, "min-days"),
            format!("'min-days' {lo} is greater than 'max-days' {hi} for CalendarPicker '{name}'"),
        );
    }
    let range = match c.value.field("mode") {
        None => false,
        Some(Value::String(m)) if m == "range" => true,
        Some(Value::String(m)) if m == "single" => false,
        _ => return,
    };
    if !range {
        for key in RANGE_ONLY.iter().filter(|k| c.value.has(k)) {
            sink.report(
                &super::calendar::range_only_property::RULE,
                pointer::push(&c.pointer, key),
                format!("'{key}' is only allowed when the CalendarPicker's mode is 'range'"),
            )
            .anchor(Anchor::Key)
            .help("remove it, or set \"mode\": \"range\"");
        }
    }
    for key in RANGE_SHAPED {
        let Some(value) = c.value.field(key) else {
            continue;
        };
        if value.as_str().is_some_and(|s| !expr::is_literal(s)) {
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
        sink.report(
            &super::calendar::mode_value_shape::RULE,
            pointer::push(&c.pointer, key),
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
