//! The example apps of `hjx-examples`, driven in-process through `Component::handle` and
//! `patch`: what each one does, and that its patches touch only what changed.
//!
//! Run with `cargo test -p hjx-tests --test compile_examples`.

use hjx_examples::contact::ContactForm;
use hjx_examples::counter::Counter;
use hjx_examples::dashboard::{Dashboard, HISTORY};
use hjx_examples::profile::Profile;
use hjx_examples::shopping::ShoppingList;
use hjx_examples::system::Sample;
use hjx_examples::todo::TodoApp;
use hjx_runtime::{Component, PatchOp, PatchScope, Tracked};
use hjx_tests::model::Model;

/// The todo app with `titles` added through the input and the form, as a user would.
fn todos_with(titles: &[&str]) -> Model<TodoApp> {
    let mut todo = Model::<TodoApp>::default();
    for title in titles {
        add(&mut todo, title);
    }
    todo
}

fn add(todo: &mut Model<TodoApp>, title: &str) -> Vec<PatchOp> {
    todo.input(todo.hid("class=\"new-todo\""), title);
    todo.submit(todo.hid("class=\"new\""), &[("title", title)])
}

fn titles(todo: &Model<TodoApp>) -> Vec<String> {
    let html = todo.html();
    html.split("<label data-hid=\"")
        .skip(1)
        .map(|rest| rest.split_once('>').expect("a tag").1)
        .map(|rest| rest.split_once('<').expect("a text").0.to_owned())
        .collect()
}

fn count_ops(ops: &[PatchOp], want: fn(&PatchOp) -> bool) -> usize {
    ops.iter().filter(|op| want(op)).count()
}

#[test]
fn todo_starts_empty_with_no_list_and_no_footer() {
    let todo = Model::<TodoApp>::default();
    let html = todo.html();
    assert!(html.contains("Nothing to do yet"), "{html}");
    assert!(
        !html.contains("todo-list") && !html.contains("footer"),
        "{html}"
    );
}

#[test]
fn todo_add_three_clears_the_draft_and_counts_them() {
    let mut todo = Model::<TodoApp>::default();
    // The first todo swaps the empty state for the list: one region replaced.
    let ops = add(&mut todo, "Buy milk");
    assert!(
        count_ops(&ops, |op| matches!(op, PatchOp::ReplaceHtml { .. })) == 1,
        "{ops:?}"
    );
    // The next ones are one insert each, plus the count and the cleared draft.
    let ops = add(&mut todo, "Write tests");
    assert_eq!(
        count_ops(&ops, |op| matches!(op, PatchOp::Insert { .. })),
        1,
        "{ops:?}"
    );
    assert_eq!(
        count_ops(&ops, |op| matches!(op, PatchOp::ReplaceHtml { .. })),
        0,
        "{ops:?}"
    );
    add(&mut todo, "  Ship it  ");
    // Blank titles are not added.
    add(&mut todo, "   ");
    assert_eq!(titles(&todo), ["Buy milk", "Write tests", "Ship it"]);
    // The new-todo box (a child component) cleared its draft.
    let html = todo.html();
    let input = &html[html.find("class=\"new-todo\"").unwrap()..];
    assert!(
        input[..input.find('>').unwrap()].contains("value=\"\""),
        "{input}"
    );
    assert!(todo.html().contains(">3 items left<"));
}

#[test]
fn todo_toggle_one_is_a_few_ops_and_filters_show_the_rest() {
    let mut todo = todos_with(&["a", "b", "c"]);
    let ops = todo.check(todo.row_hid("b", "class=\"toggle\""), true);
    println!("toggle: {ops:?}");
    assert!(ops.len() <= 5, "{ops:?}");
    assert_eq!(
        count_ops(&ops, |op| matches!(
            op,
            PatchOp::Insert { .. } | PatchOp::Remove { .. }
        )),
        0
    );
    assert!(todo.html().contains(">2 items left<"));
    assert!(todo.html().contains("class=\"completed\""));

    todo.click(todo.hid(">Active<"));
    assert_eq!(titles(&todo), ["a", "c"]);
    todo.click(todo.hid(">Completed<"));
    assert_eq!(titles(&todo), ["b"]);
    todo.click(todo.hid(">All<"));
    assert_eq!(titles(&todo), ["a", "b", "c"]);

    todo.click(todo.hid("class=\"clear-completed\""));
    assert_eq!(titles(&todo), ["a", "c"]);
    assert!(
        !todo.html().contains("clear-completed"),
        "no done todo left"
    );

    let ops = todo.click(todo.row_hid("a", "class=\"destroy\""));
    assert_eq!(
        count_ops(&ops, |op| matches!(op, PatchOp::Remove { .. })),
        1,
        "{ops:?}"
    );
    assert_eq!(titles(&todo), ["c"]);
    assert!(todo.html().contains(">1 item left<"));
}

#[test]
fn todo_toggle_all_marks_every_todo_then_none() {
    let mut todo = todos_with(&["a", "b"]);
    todo.check(todo.row_hid("a", "class=\"toggle\""), true);
    todo.check(todo.hid("type=\"checkbox\""), true);
    assert!(todo.app.todos.iter().all(|t| t.done));
    assert!(todo.html().contains(">0 items left<"));
    todo.check(todo.hid("type=\"checkbox\""), false);
    assert!(todo.app.todos.iter().all(|t| !t.done));
}

#[test]
fn todo_edit_saves_on_enter_and_the_button_and_cancels_on_escape() {
    let mut todo = todos_with(&["a", "b"]);
    todo.click(todo.row_hid("b", "class=\"edit-button\""));
    assert!(
        todo.html().contains("class=\"edit\" value=\"b\""),
        "{}",
        todo.html()
    );
    let edit = todo.hid("class=\"edit\"");
    todo.input(edit, "b, renamed");
    todo.key(edit, "e");
    assert_eq!(todo.app.editing, Some(2), "other keys keep editing");
    todo.key(edit, "Enter");
    assert_eq!(titles(&todo), ["a", "b, renamed"]);
    assert_eq!(todo.app.editing, None);

    todo.click(todo.row_hid("a", "class=\"edit-button\""));
    todo.input(todo.hid("class=\"edit\""), "changed my mind");
    todo.key(todo.hid("class=\"edit\""), "Escape");
    assert_eq!(titles(&todo), ["a", "b, renamed"]);

    todo.click(todo.row_hid("a", "class=\"edit-button\""));
    todo.input(todo.hid("class=\"edit\""), "a, saved");
    todo.click(todo.hid("class=\"save\""));
    assert_eq!(titles(&todo), ["a, saved", "b, renamed"]);

    // Saving an empty title removes the todo, as in TodoMVC.
    todo.click(todo.row_hid("a, saved", "class=\"edit-button\""));
    todo.input(todo.hid("class=\"edit\""), " ");
    todo.key(todo.hid("class=\"edit\""), "Enter");
    assert_eq!(titles(&todo), ["b, renamed"]);
}

#[test]
fn counter_click_is_one_set_text() {
    let mut counter = Model::<Counter>::default();
    let ops = counter.click(counter.hid("data-on=\"click\""));
    assert_eq!(ops.len(), 1);
    assert!(counter.html().contains("Count: 1"));
}

#[test]
fn contact_form_previews_then_shows_each_error_beside_its_field_and_keeps_what_was_typed() {
    let mut form = Model::<ContactForm>::default();
    assert!(form.html().contains("Start typing"));
    form.input(form.hid("name=\"name\""), "Ada");
    let ops = form.input(form.hid("name=\"message\""), "Hello <b>there</b>");
    assert!(
        ops.iter()
            .any(|op| matches!(op, PatchOp::SetText { text, .. } if text == "Hello <b>there</b>"))
    );
    form.input(form.hid("name=\"email\""), "ada@");
    let submit = form.hid("data-on=\"submit\"");
    // The browser sends every field as typed: a bad address and a rating that is no number.
    let ops = form.submit(
        submit,
        &[
            ("name", "Ada"),
            ("email", "ada@"),
            ("message", "Hello <b>there</b>"),
            ("rating", "abc"),
        ],
    );
    assert!(form.app.sent.is_empty());
    let html = form.html();
    let email_input = html.find("name=\"email\"").expect("the email input");
    let email_error = html
        .find("An email address has")
        .expect("the email's error");
    let message_input = html.find("name=\"message\"").expect("the message input");
    let rating_error = html
        .find("Rating must be a whole number")
        .expect("the rating's error");
    assert!(
        email_input < email_error && email_error < message_input && message_input < rating_error
    );
    assert!(html.contains("class=\"invalid\""), "{html}");
    assert!(!html.contains("Tell us your name"));
    // Nothing typed is lost: the bound fields keep their values, and no input is rendered again.
    assert_eq!(
        (form.app.name.as_str(), form.app.email.as_str()),
        ("Ada", "ada@")
    );
    assert!(!format!("{ops:?}").contains("<input"), "{ops:?}");
    assert!(html.contains("value=\"ada@\""));

    form.input(form.hid("name=\"email\""), "ada@example.com");
    let html = form.html();
    assert!(html.contains("From Ada &lt;ada@example.com&gt;"), "{html}");
    assert!(
        html.contains("Hello &lt;b&gt;there&lt;/b&gt;"),
        "escaped: {html}"
    );
    form.submit(
        submit,
        &[
            ("name", "Ada"),
            ("email", "ada@example.com"),
            ("message", "Hello <b>there</b>"),
            ("rating", "9"),
        ],
    );
    assert_eq!(form.app.errors.get("rating"), Some("must be from 1 to 5"));
    assert!(!form.app.errors.has("email"));
    form.submit(
        submit,
        &[
            ("name", "Ada"),
            ("email", "ada@example.com"),
            ("message", "Hello <b>there</b>"),
            ("rating", "5"),
        ],
    );
    let html = form.html();
    assert!(
        html.contains("Thank you, Ada! We will write to ada@example.com."),
        "{html}"
    );
    assert!(html.contains("(5 of 5)"), "{html}");
    assert!(!html.contains("class=\"error\""), "{html}");
    assert_eq!(
        (form.app.name.as_str(), form.app.message.as_str()),
        ("", "")
    );
    assert_eq!(form.app.sent.len(), 1);
}

#[test]
fn shopping_list_quantities_ticks_and_removal_down_to_the_empty_state() {
    let mut list = Model::<ShoppingList>::default();
    assert!(list.html().contains(">× 6<"), "apples come by six");
    let ops = list.click(list.row_hid("1. Bread", "class=\"more\""));
    // The quantity appears: its region, the less button's disabled flag; nothing structural.
    assert!(ops.len() <= 3, "{ops:?}");
    assert!(list.html().contains(">× 2<"));
    list.check(list.row_hid("2. Milk", "type=\"checkbox\""), true);
    assert!(list.html().contains("2 of 3 still to buy"));
    let ops = list.click(list.row_hid("1. Bread", "class=\"remove\""));
    // One removal, and the two rows below renumbered.
    assert_eq!(
        count_ops(&ops, |op| matches!(op, PatchOp::Remove { .. })),
        1,
        "{ops:?}"
    );
    assert!(list.html().contains(">1. Milk<") && list.html().contains(">2. Apples<"));
    list.input(list.hid("name=\"item\""), "Tea");
    list.submit(list.hid("data-on=\"submit\""), &[("item", "Tea")]);
    assert!(list.html().contains(">3. Tea<"));
    for name in ["1. Milk", "1. Apples", "1. Tea"] {
        list.click(list.row_hid(name, "class=\"remove\""));
    }
    assert!(list.html().contains("The list is empty."));
}

#[test]
fn profile_conditionals_follow_the_state() {
    let mut profile = Model::<Profile>::default();
    let html = profile.html();
    assert!(
        html.contains("Free plan")
            && html.contains("Just getting started")
            && html.contains(">Follow<")
    );
    assert!(html.contains(">#rust<") && html.contains(">#maths<"));
    profile.click(profile.hid("class=\"follow\""));
    let html = profile.html();
    assert!(
        html.contains(">Unfollow<") && html.contains("849 more to a thousand"),
        "{html}"
    );
    profile.click(profile.hid(">+1000 followers<"));
    assert!(profile.html().contains("A star"));
    profile.click(profile.hid(">Go premium<"));
    assert!(!profile.html().contains("featured"));
    profile.click(profile.hid(">Verify<"));
    let html = profile.html();
    assert!(
        html.contains(">Premium<")
            && html.contains("Verified account")
            && html.contains("featured")
    );
    assert!(
        html.contains("disabled data-hid"),
        "verify is disabled once verified: {html}"
    );
    profile.click(profile.hid(">Unfollow<"));
    assert!(profile.html().contains(">1150 followers<"));
}

fn reading(cpu: f64) -> Sample {
    Sample {
        time: format!("cpu {cpu}"),
        cpu,
        memory: 40.0,
    }
}

#[test]
fn dashboard_keeps_the_last_readings_with_level_classes_and_widths() {
    let mut dash = Model::<Dashboard>::default();
    assert!(dash.html().contains("No readings yet."));
    for cpu in 0..12 {
        dash.shared.record(reading(f64::from(cpu) * 9.0));
    }
    let html = dash.html();
    assert_eq!(html.matches("<li ").count(), HISTORY, "{html}");
    assert!(html.contains("class=\"card high\""), "99% is high: {html}");
    assert!(html.contains("style=\"width: 99%\""));
    // Newest first.
    assert!(html.find("cpu 99").expect("newest") < html.find("cpu 36").expect("oldest kept"));
    assert!(html.contains("High load: 99%"));
    assert!(!html.contains("cpu 27"), "older readings drop out");

    // A new reading is one insert and one removal in the history, not a re-render.
    let _ = dash.shared.take_dirty();
    let _ = dash.html();
    dash.shared.record(reading(10.0));
    let dirty = dash.shared.take_dirty();
    let mut ops = Vec::new();
    dash.app
        .patch(&dash.shared, dirty, PatchScope::All, &mut ops);
    assert_eq!(
        count_ops(&ops, |op| matches!(op, PatchOp::Insert { .. })),
        1,
        "{ops:?}"
    );
    assert_eq!(
        count_ops(&ops, |op| matches!(op, PatchOp::Remove { .. })),
        1,
        "{ops:?}"
    );
    assert!(dash.html().contains("class=\"card ok\""));

    let ops = dash.click(dash.hid("data-on=\"click\""));
    assert_eq!(ops.len(), 2, "the count and the button label: {ops:?}");
    assert_eq!(dash.shared.clicks, 1);
}
