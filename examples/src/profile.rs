//! A profile page of conditionals (`Profile.hjx`): `if`/`else if`/`else` for the plan, the
//! verification badge, the follower tier and the follow button, a `for` over the tags.

use hjx_runtime::include_hjx;

include_hjx!("Profile.hjx");
