//! The app the live and browser tests of layouts share: a `Shell` layout (a greeting its mount
//! loads, a click counter, links) around two pages, `Home` (with a counter of its own) and
//! `About`, and `About` alone at `/plain`.

use hjx_runtime::{Live, Mount, Refuse, hjx};

hjx! {
    component Shell
    state:
      clicks = 0
      viewer = ""
    script:
      async fn mount(&mut self, cx: &Mount) -> Result<(), Refuse> {
          self.viewer = cx.cookie("user").unwrap_or("nobody").to_owned();
          Ok(())
      }
    layout:
      view.shell:
        header:
          text.viewer: "hello {{viewer}}"
          button.bump (on click -> bump): "clicks {{clicks}}"
          a.to-home (href="/"): "Home"
          a.to-about (href="/about"): "About"
        main:
          slot
    style:
      .shell { display: block; }
    handlers:
      bump:
        set clicks = clicks + 1
}

hjx! {
    component Home
    state:
      likes = 0
    layout:
      view.home:
        h1: "Home"
        button.like (on click -> like): "likes {{likes}}"
    handlers:
      like:
        set likes = likes + 1
}

hjx! {
    component About
    layout:
      h1: "About"
}

/// The app: `/` and `/about` in the shell, `/plain` without it.
pub(crate) fn live() -> Live {
    Live::new()
        .mount_in::<Shell, Home>("/")
        .mount_in::<Shell, About>("/about")
        .mount::<About>("/plain")
}
