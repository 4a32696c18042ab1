//! The list components the render, patch and SSR benches measure, written with `hjx!` `for`
//! blocks.
//!
//! - [`Table`]: a keyed table of [`Row`]s (`for (row in rows, key: row.id)`), rendered with
//!   1,000 rows and patched with one changed row of 10,000.
//! - [`RowsTable`]: the same table over [`Rows`], which records the rows changed in place.
//! - [`BigTable`]: the "big table" of the rosetta-rs template benchmarks: a `table` of 100 `tr`
//!   of 100 `td` numbers each (two nested positional `for` blocks).
//! - [`Teams`]: their "teams" template: a year and four teams, the first one's `li` marked
//!   `champion`.

use hjx_runtime::{Component, FieldSet, Rows, hjx};

/// A row of [`Table`].
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The row's key and first cell.
    pub id: u64,
    /// The second cell.
    pub label: String,
}

/// Row `id`, labelled `row <id>`.
pub fn row(id: u64) -> Row {
    Row {
        id,
        label: format!("row {id}"),
    }
}

/// `count` rows, `id` 0… and label `row <id>`.
pub fn rows(count: u64) -> Vec<Row> {
    (0..count).map(row).collect()
}

hjx! {
    component Table

    state:
      rows: Vec<Row> = Vec::new()

    layout:
      table:
        tbody:
          for (row in rows, key: row.id):
            tr:
              td: "{{row.id}}"
              td: "{{row.label}}"
}

hjx! {
    component RowsTable

    state:
      rows: Rows<Row> = Rows::new()

    layout:
      table:
        tbody:
          for (row in rows, key: row.id):
            tr:
              td: "{{row.id}}"
              td: "{{row.label}}"
}

hjx! {
    component PickTable

    state:
      rows: Vec<Row> = Vec::new()
      picked: u64 = 0

    layout:
      p: "picked {{picked}}"
      ul:
        for (row in rows, key: row.id):
          li:
            button (on click -> pick(row.id)): "{{row.label}}"

    handlers:
      pick(id: u64):
        set picked = id
}

hjx! {
    component BigTable

    state:
      table: Vec<Vec<usize>> = Vec::new()

    layout:
      table:
        for (row in table):
          tr:
            for (col in row):
              td: "{{col}}"
}

/// The big table's data: `size` rows of the numbers `0..size`.
pub fn big_table(size: usize) -> Vec<Vec<usize>> {
    (0..size).map(|_| (0..size).collect()).collect()
}

/// A team of [`Teams`].
#[derive(Clone, Debug, PartialEq)]
pub struct Team {
    /// The team's name.
    pub name: String,
    /// Its score.
    pub score: u8,
}

/// The four teams of the teams template.
pub fn teams() -> Vec<Team> {
    [
        ("Jiangsu", 43),
        ("Beijing", 27),
        ("Guangzhou", 22),
        ("Shandong", 12),
    ]
    .into_iter()
    .map(|(name, score)| Team {
        name: name.to_owned(),
        score,
    })
    .collect()
}

hjx! {
    component Teams

    state:
      year: u16 = 2015
      teams: Vec<Team> = Vec::new()

    layout:
      html:
        head:
          title: "{{year}}"
        body:
          h1: "CSL {{year}}"
          ul:
            for (team, i in teams):
              li (class="{{ if i == 0 { \"champion\" } else { \"\" } }}"):
                b: "{{team.name}}"
                text: ": {{team.score}}"
}

/// The bit of the state field `name` of component `C`.
pub fn field<C: Component>(name: &str) -> FieldSet {
    C::META
        .fields
        .iter()
        .position(|field| *field == name)
        .and_then(|index| u32::try_from(index).ok())
        .map_or(FieldSet::EMPTY, FieldSet::bit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_big_table_renders_one_td_per_number() {
        let mut table = BigTable::default();
        table.set_table(big_table(3));
        let html = table.render_to_string(&());
        assert_eq!(html.matches("<td").count(), 9);
        assert_eq!(html.matches("<tr").count(), 3);
        assert!(html.starts_with("<table"), "{html}");
    }

    #[test]
    fn teams_mark_only_the_first_as_champion() {
        let mut page = Teams::default();
        page.set_teams(teams());
        let html = page.render_to_string(&());
        assert_eq!(html.matches("champion").count(), 1);
        assert!(
            html.contains("Jiangsu") && html.contains("CSL 2015"),
            "{html}"
        );
    }

    #[test]
    fn one_row_changed_in_place_patches_one_text() {
        use hjx_runtime::{PatchOp, PatchScope, Tracked};
        let mut table = Table::default();
        table.set_rows(rows(10_000));
        let _ = table.take_dirty();
        let _ = table.render_to_string(&());
        table.rows[5_000].label = "changed".to_owned();
        let mut ops = Vec::new();
        table.patch(
            &(),
            field::<Table>("rows"),
            PatchScope::SessionOnly,
            &mut ops,
        );
        assert!(
            matches!(ops.as_slice(), [PatchOp::SetText { text, .. }] if text == "changed"),
            "{ops:?}"
        );
    }

    #[test]
    fn field_bits_are_found_by_name() {
        assert_eq!(field::<Table>("rows"), FieldSet::bit(0));
        assert_eq!(field::<Table>("nope"), FieldSet::EMPTY);
    }
}
