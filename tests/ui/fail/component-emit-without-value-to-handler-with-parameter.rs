// A child's `emit voted` carries no value; a parent handler that takes one is one error that says so.
use hjx_runtime::hjx;

mod widgets {
    use hjx_runtime::hjx;

    hjx! {
        component Voter
        layout:
          button (on click -> vote): "Vote"
        handlers:
          vote:
            emit voted
    }
}

use widgets::Voter;

hjx! {
    component Poll
    state:
      votes: u64 = 0
    layout:
      Voter (on voted -> vote)
    handlers:
      vote(id: u64):
        set votes = votes + id
}

fn main() {}
