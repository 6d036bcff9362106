//! CSV for spreadsheets (RFC 4180), as the organizers' exports write it.

/// One cell: quoted when it holds a separator, a quote or a line break; a value a spreadsheet
/// would run as a formula (`=`, `+`, `-`, `@` …) is prefixed with `'`, so it stays text.
pub fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
    if value.contains([',', '"', '\n', '\r']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value }
}

/// One line of cells, ended as RFC 4180 ends it.
pub fn row<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> String {
    let mut line = cells.into_iter().map(|c| cell(c.as_ref())).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_are_quoted_where_needed_and_formulas_stay_text() {
        assert_eq!(super::cell("plain"), "plain");
        assert_eq!(super::cell("a, b"), "\"a, b\"");
        assert_eq!(super::cell("=1+1"), "'=1+1");
        assert_eq!(super::row(["x", "say \"hi\""]), "x,\"say \"\"hi\"\"\"\r\n");
    }
}
