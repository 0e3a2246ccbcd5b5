//! ASDoc comments: Rust doc comments carried over, and the generated notes.

/// Rust doc lines (Markdown) as ASDoc lines (HTML): `<`, `>` and `&` escaped, `` `code` `` as
/// `<code>code</code>`, and `*/` broken so it cannot end the comment.
pub(crate) fn from_rust(lines: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = lines
        .iter()
        .map(|line| line_to_html(line.trim_end()))
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    lines
}

fn line_to_html(line: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for c in line.chars() {
        match c {
            '`' => {
                out.push_str(if in_code { "</code>" } else { "<code>" });
                in_code = !in_code;
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    if in_code {
        out.push_str("</code>");
    }
    out.replace("*/", "*&#47;")
}

/// `text` with `&`, `<` and `>` escaped, for ActionScript types in ASDoc (`Vector.<int>`).
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `a` or `an`, for a type name read in English (`an int`, `a uint`, `an Array`).
pub(crate) fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some('u' | 'U') if word.starts_with("uint") => "a",
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U') => "an",
        _ => "a",
    }
}

/// Text for `<code>` in generated notes: escaped like [`from_rust`].
pub(crate) fn code(text: &str) -> String {
    format!("<code>{}</code>", line_to_html(&text.replace('`', "")))
}

/// A doc comment being put together: paragraphs, then tags.
#[derive(Clone, Default)]
pub(crate) struct Doc {
    paragraphs: Vec<Vec<String>>,
    tags: Vec<String>,
}

impl Doc {
    pub(crate) fn new() -> Self {
        Doc::default()
    }

    /// Adds the Rust doc comment as the first paragraphs (nothing if it is empty).
    pub(crate) fn rust(mut self, lines: &[String]) -> Self {
        let lines = from_rust(lines);
        if !lines.is_empty() {
            self.paragraphs.push(lines);
        }
        self
    }

    /// Adds a generated paragraph (HTML, one line; wrapped when rendered), in `<p>` unless it
    /// is the first thing said.
    pub(crate) fn para(mut self, text: impl Into<String>) -> Self {
        let text = text.into();
        let text = if self.paragraphs.is_empty() {
            text
        } else {
            format!("<p>{text}</p>")
        };
        self.paragraphs.push(vec![text]);
        self
    }

    /// Adds a generated paragraph if there is one.
    pub(crate) fn para_opt(self, text: Option<String>) -> Self {
        match text {
            Some(text) => self.para(text),
            None => self,
        }
    }

    /// Adds a tag line such as `@param room the room`.
    pub(crate) fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }

    /// The comment, each line indented by `indent`, ending with a newline; empty if there is
    /// nothing to say.
    pub(crate) fn render(&self, indent: &str) -> String {
        if self.paragraphs.is_empty() && self.tags.is_empty() {
            return String::new();
        }
        let mut out = format!("{indent}/**\n");
        let mut first = true;
        for paragraph in &self.paragraphs {
            if !first {
                out.push_str(&format!("{indent} *\n"));
            }
            first = false;
            for line in paragraph {
                for wrapped in wrap(line, 96 - indent.len()) {
                    push_line(&mut out, indent, &wrapped);
                }
            }
        }
        if !self.tags.is_empty() {
            if !first {
                out.push_str(&format!("{indent} *\n"));
            }
            for tag in &self.tags {
                for wrapped in wrap(tag, 96 - indent.len()) {
                    push_line(&mut out, indent, &wrapped);
                }
            }
        }
        out.push_str(&format!("{indent} */\n"));
        out
    }
}

fn push_line(out: &mut String, indent: &str, line: &str) {
    if line.is_empty() {
        out.push_str(&format!("{indent} *\n"));
    } else {
        out.push_str(&format!("{indent} * {line}\n"));
    }
}

/// Wraps generated lines at spaces; Rust doc lines are shorter than the width and stay as they
/// are.
fn wrap(line: &str, width: usize) -> Vec<String> {
    if line.len() <= width {
        return vec![line.to_owned()];
    }
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in line.split(' ') {
        if !current.is_empty() && current.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    lines.push(current);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_to_html() {
        let lines = vec![
            "".to_owned(),
            "Uses `Vec<T>` & friends */".to_owned(),
            "".to_owned(),
        ];
        assert_eq!(
            from_rust(&lines),
            ["Uses <code>Vec&lt;T&gt;</code> &amp; friends *&#47;"]
        );
        assert_eq!(code("Vec<u8>"), "<code>Vec&lt;u8&gt;</code>");
        assert_eq!(article("int"), "an");
        assert_eq!(article("uint"), "a");
        assert_eq!(article("Array"), "an");
        assert_eq!(article("String"), "a");
    }

    #[test]
    fn rendering() {
        let doc = Doc::new()
            .rust(&["A user.".to_owned(), "".to_owned(), "Second.".to_owned()])
            .para("Generated.")
            .tag("@see X");
        assert_eq!(
            doc.render("    "),
            "    /**\n     * A user.\n     *\n     * Second.\n     *\n     * <p>Generated.</p>\n     *\n     \
             * @see X\n     */\n"
        );
        assert_eq!(Doc::new().render(""), "");
        let long = "word ".repeat(30);
        let rendered = Doc::new().para(long.trim()).render("");
        assert!(rendered.lines().all(|l| l.len() <= 99), "{rendered}");
    }
}
