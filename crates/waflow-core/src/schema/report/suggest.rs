//! "Did you mean …?": the nearest candidate to a misspelt word.

/// Edit distance between two character sequences (insertions, deletions, substitutions), with
/// two reused rows.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

fn lowercase(s: &str) -> Vec<char> {
    s.to_lowercase().chars().collect()
}

/// The candidate closest to `word`, case-insensitively, if it is close enough to be a likely
/// typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    let limit = (length / 3).clamp(2, 3);
    let word = lowercase(word);
    candidates
        .into_iter()
        .filter_map(|c| {
            let lower = lowercase(c);
            // The distance is at least the difference in length: skip hopeless candidates.
            if word.len().abs_diff(lower.len()) > limit {
                return None;
            }
            let d = distance(&word, &lower);
            (d <= limit && d < length.min(c.chars().count())).then_some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A help line, with the name it proposes when it is a "did you mean": the finding's fix
/// applies that very name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    /// The line.
    pub text: String,
    /// The key or component type the line proposes instead of the one written.
    pub proposed: Option<String>,
}

impl Help {
    /// "did you mean `name`?", then `more` when there is more to say.
    pub fn did_you_mean(name: &str, quoted: bool, more: Option<&str>) -> Help {
        let shown = match quoted {
            true => format!("`{name}`"),
            false => name.to_owned(),
        };
        Help {
            text: match more {
                Some(more) => format!("did you mean {shown}? {more}"),
                None => format!("did you mean {shown}?"),
            },
            proposed: Some(name.to_owned()),
        }
    }
}

impl From<String> for Help {
    fn from(text: String) -> Help {
        Help {
            text,
            proposed: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_case_slips() {
        let keys = ["label", "helper-text", "input-type"];
        assert_eq!(nearest("lable", keys), Some("label"));
        assert_eq!(nearest("helper_text", keys), Some("helper-text"));
        assert_eq!(nearest("colour", keys), None);
        assert_eq!(nearest("ab", ["xy"]), None);
        assert_eq!(nearest("FOOTER", ["Footer", "Form"]), Some("Footer"));
        assert_eq!(
            nearest("TextInptu", ["TextInput", "TextArea"]),
            Some("TextInput")
        );
        assert_eq!(
            nearest("Dropdwn", ["DatePicker", "Dropdown"]),
            Some("Dropdown")
        );
    }

    #[test]
    fn a_did_you_mean_says_the_name_it_proposes() {
        let key = Help::did_you_mean("label", true, None);
        assert_eq!(key.text, "did you mean `label`?");
        assert_eq!(key.proposed.as_deref(), Some("label"));
        let kind = Help::did_you_mean("TextInput", false, Some("allowed in a Form: …"));
        assert_eq!(kind.text, "did you mean TextInput? allowed in a Form: …");
        assert_eq!(Help::from("x".to_owned()).proposed, None);
    }

    #[test]
    fn distance_counts_edits() {
        let d = |a: &str, b: &str| distance(&lowercase(a), &lowercase(b));
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("abc", ""), 3);
        assert_eq!(d("Label", "label"), 0);
        assert_eq!(d("ab", "ba"), 2);
    }
}
