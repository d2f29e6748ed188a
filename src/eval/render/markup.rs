//! HTML pieces every page uses: escaping, marks over the text, label
//! colours, the page's head and foot.

use super::slice;
use std::fmt::Write as _;

/// `s` escaped for HTML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            c => out.push(c),
        }
    }
    out
}

/// Text content: escaped, line breaks kept as they are.
pub(super) fn html_text(s: &str) -> String {
    escape(s).replace("&#10;", "\n")
}

/// A highlight over `[start, end)` (code points): one element, or several
/// fragments where it crosses the end of another.
#[derive(Clone, Debug)]
pub(super) struct Mark {
    pub start: usize,
    pub end: usize,
    /// The element's class; fragments after the first add `cont`.
    pub class: String,
    /// Further attributes, escaped, with a leading space.
    pub attrs: String,
    /// The element's id, if any, written on the first fragment only so
    /// that ids stay unique and a link lands where the mark begins.
    pub id: String,
}

/// `text[lo..hi]` (code points) as HTML, with `marks` as nested `<span>`
/// elements. Marks are opened outermost first (earlier start, then longer),
/// so containment nests naturally and only crossings need fragments.
pub(super) fn marked(text: &str, bounds: &[usize], lo: usize, hi: usize, marks: &[Mark]) -> String {
    let mut marks: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.start < m.end && m.start >= lo && m.end <= hi)
        .collect();
    marks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut cuts: Vec<usize> = marks.iter().flat_map(|m| [m.start, m.end]).collect();
    cuts.extend([lo, hi]);
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::new();
    let mut open: Vec<usize> = Vec::new();
    let mut opened = vec![false; marks.len()];
    // A sweep: `active` holds the marks over the current piece, in the
    // sorted order, so a long document with many spans stays linear.
    let mut active: Vec<usize> = Vec::new();
    let mut next = 0;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        active.retain(|&i| marks[i].end > a);
        while let Some(m) = marks.get(next).filter(|m| m.start <= a) {
            if m.end > a {
                active.push(next);
            }
            next += 1;
        }
        let keep = open.iter().zip(&active).take_while(|(x, y)| x == y).count();
        for _ in keep..open.len() {
            out.push_str("</span>");
        }
        open.truncate(keep);
        for &i in &active[keep..] {
            let m = marks[i];
            let cont = if opened[i] { " cont" } else { "" };
            let _ = write!(out, "<span class=\"{}{cont}\"", m.class);
            if !opened[i] && !m.id.is_empty() {
                let _ = write!(out, " id=\"{}\"", escape(&m.id));
            }
            let _ = write!(out, "{}>", m.attrs);
            opened[i] = true;
            open.push(i);
        }
        out.push_str(&html_text(slice(text, bounds, a, b).unwrap_or("")));
    }
    for _ in 0..open.len() {
        out.push_str("</span>");
    }
    out
}

/// A CSS class name made of `s`: letters, digits, `-` and `_` only.
pub(super) fn class_part(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The colours of a label: the guidelines' three have their own, any other
/// one of a few more, picked by its name.
fn label_colour(label: &str) -> (&'static str, &'static str) {
    const OTHERS: [(&str, &str); 4] = [
        ("#fef3c7", "#b45309"),
        ("#e0e7ff", "#4338ca"),
        ("#ccfbf1", "#0f766e"),
        ("#ffe4e6", "#be123c"),
    ];
    match label {
        "ORG" => ("#dbeafe", "#1d4ed8"),
        "LOC" => ("#dcfce7", "#15803d"),
        "PER" => ("#f3e8ff", "#7e22ce"),
        other => {
            // Wrapping: a label of a dozen bytes overflows a plain product.
            let h = other
                .bytes()
                .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
            OTHERS[h % OTHERS.len()]
        }
    }
}

pub(super) fn label_style(label: &str) -> String {
    let (bg, fg) = label_colour(label);
    format!(" style=\"--bg:{bg};--fg:{fg}\"")
}

pub(super) fn page_head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"gazet {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n",
        env!("CARGO_PKG_VERSION"),
        html_text(title)
    )
}

/// The end of every page: the footer and the one script, last so that
/// the elements it works on exist when it runs.
pub(super) fn page_foot() -> String {
    format!(
        "<footer>Made by gazet {} · offsets in Unicode code points</footer>\n\
         <script>{SCRIPT}</script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// A note for readers without JavaScript, and the controls that would do
/// nothing for them hidden.
pub(super) const NOSCRIPT: &str =
    "<noscript><style>input.toggle, .filter-box, .arcs { display: none; }</style>\
     <p class=\"note\">Without JavaScript the relation arcs, the toggles, the search and the \
     sorting are off; the relations are listed below the text.</p></noscript>\n";

pub(super) const CSS: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::offsets::char_bounds;

    #[test]
    fn escaping() {
        for (raw, want) in [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            ("a & \"b\" 'c'", "a &amp; &quot;b&quot; &#39;c&#39;"),
            ("x\ny", "x&#10;y"),
        ] {
            assert_eq!(escape(raw), want);
        }
        assert_eq!(html_text("<b>\n"), "&lt;b&gt;\n");
    }

    #[test]
    fn marks_nest_and_cut_at_crossings() {
        let t = "abcdefgh";
        let b = char_bounds(t);
        let m = |start, end, class: &str| Mark {
            start,
            end,
            class: class.to_owned(),
            attrs: String::new(),
            id: String::new(),
        };
        for (marks, want) in [
            (vec![], "abcdefgh"),
            (vec![m(2, 4, "x")], "ab<span class=\"x\">cd</span>efgh"),
            (
                vec![m(3, 4, "in"), m(1, 6, "out")],
                "a<span class=\"out\">bc<span class=\"in\">d</span>ef</span>gh",
            ),
            (
                vec![m(1, 4, "p"), m(3, 6, "q")],
                "a<span class=\"p\">bc<span class=\"q\">d</span></span><span class=\"q cont\">ef</span>gh",
            ),
            (vec![m(0, 8, "all"), m(9, 12, "outside")], "<span class=\"all\">abcdefgh</span>"),
        ] {
            assert_eq!(marked(t, &b, 0, 8, &marks), want);
        }
        let with_id = Mark {
            id: "m1-4".into(),
            ..m(1, 4, "p")
        };
        assert_eq!(
            marked(t, &b, 0, 8, &[with_id, m(3, 6, "q"), m(2, 3, "r")]),
            "a<span class=\"p\" id=\"m1-4\">b<span class=\"r\">c</span>\
             <span class=\"q\">d</span></span><span class=\"q cont\">ef</span>gh",
        );
        // Code points, not bytes.
        let t = "İş <a>";
        let b = char_bounds(t);
        assert_eq!(
            marked(t, &b, 0, 6, &[m(3, 6, "x")]),
            "İş <span class=\"x\">&lt;a&gt;</span>"
        );
    }
}
