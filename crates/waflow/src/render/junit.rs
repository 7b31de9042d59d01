//! `--format junit`: JUnit XML for CI test reports (GitLab, Jenkins, Azure). One `testsuite` per
//! file; one failing `testcase` per finding, or one passing `testcase` for a clean file, and
//! one failing `testcase` that counts the findings past the cap when a file has some.

use std::fmt::Write as _;
use std::io::{self, Write};

use waflow_core::FileReport;

use super::omitted_line;

/// Writes the JUnit XML document.
pub fn render(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    out.write_all(document(reports).as_bytes())
}

/// The JUnit XML document of `reports`.
pub fn document(reports: &[FileReport]) -> String {
    let cases: Vec<(usize, Option<String>)> = reports
        .iter()
        .map(|r| (r.diagnostics.len(), omitted_line(r)))
        .collect();
    let findings: usize = cases
        .iter()
        .map(|(n, more)| n + usize::from(more.is_some()))
        .sum();
    let clean = cases
        .iter()
        .filter(|(n, more)| *n == 0 && more.is_none())
        .count();
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<testsuites name=\"waflow\" tests=\"{}\" failures=\"{findings}\" errors=\"0\">",
        findings + clean
    );
    for (report, (kept, more)) in reports.iter().zip(cases) {
        let path = escape(&report.path);
        let n = kept + usize::from(more.is_some());
        let _ = writeln!(
            x,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{n}\" errors=\"0\" skipped=\"0\">",
            n.max(1)
        );
        if n == 0 {
            let _ = writeln!(
                x,
                "    <testcase name=\"valid flow\" classname=\"{path}\" file=\"{path}\"/>"
            );
        }
        for d in &report.diagnostics {
            let f = &d.finding;
            let name = format!(
                "{} ({}) at {}:{}",
                f.code, f.rule, d.start.line, d.start.column
            );
            let mut body = format!(
                "{}:{}:{}: {}[{}] {}",
                report.path,
                d.start.line,
                d.start.column,
                f.severity.as_str(),
                f.code,
                f.message
            );
            if !d.path.is_empty() {
                body.push_str(&format!("\nat {}", d.path));
            }
            for r in &d.related {
                body.push_str(&format!(
                    "\nsee {}:{}:{}: {}",
                    report.path, r.start.line, r.start.column, r.message
                ));
            }
            if let Some(help) = &f.help {
                body.push_str(&format!("\nhelp: {help}"));
            }
            let _ = writeln!(
                x,
                "    <testcase name=\"{}\" classname=\"{path}\" file=\"{path}\" line=\"{}\">",
                escape(&name),
                d.start.line
            );
            let _ = writeln!(
                x,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(&f.message),
                escape(&format!("{} {}", f.severity.as_str(), f.code)),
                escape(&body)
            );
            x.push_str("    </testcase>\n");
        }
        if let Some(more) = more {
            let more = escape(&more);
            let _ = writeln!(
                x,
                "    <testcase name=\"more findings not shown\" classname=\"{path}\" file=\"{path}\">\n      <failure message=\"{more}\" type=\"omitted\">{more}</failure>\n    </testcase>"
            );
        }
        x.push_str("  </testsuite>\n");
    }
    x.push_str("</testsuites>\n");
    x
}

/// Escapes text for XML attributes and content. Characters XML 1.0 cannot hold (most control
/// characters) become U+FFFD; DEL and the C1 controls become character references, so that
/// the document never holds a raw terminal control.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            // Allowed in XML 1.0 but terminal controls: written as character references.
            c if ('\u{7F}'..='\u{9F}').contains(&c) => {
                let _ = write!(out, "&#x{:X};", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// What XML can carry of `s`: characters XML 1.0 cannot hold become U+FFFD.
    fn representable(s: &str) -> String {
        s.chars()
            .map(|c| {
                if ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
                    || c == '\u{FFFE}'
                    || c == '\u{FFFF}'
                {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect()
    }

    #[test]
    fn c1_controls_and_del_become_character_references() {
        assert_eq!(escape("a\u{9b}2J\u{7f}b"), "a&#x9B;2J&#x7F;b");
    }

    proptest! {
        #[test]
        fn escaped_text_holds_no_raw_control_but_line_breaks_as_references(s in "(?s).*") {
            prop_assert!(!escape(&s).chars().any(char::is_control));
        }

        #[test]
        fn any_text_survives_in_attributes_and_content(s in "(?s).*") {
            let xml = format!("<a b=\"{}\">{}</a>", escape(&s), escape(&s));
            let doc = roxmltree::Document::parse(&xml).expect("well-formed");
            let a = doc.root_element();
            prop_assert_eq!(a.attribute("b").unwrap(), representable(&s));
            prop_assert_eq!(a.text().unwrap_or(""), representable(&s));
        }
    }
}
