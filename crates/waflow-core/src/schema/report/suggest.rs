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
    fn distance_counts_edits() {
        let d = |a: &str, b: &str| distance(&lowercase(a), &lowercase(b));
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("abc", ""), 3);
        assert_eq!(d("Label", "label"), 0);
        assert_eq!(d("ab", "ba"), 2);
    }
}
