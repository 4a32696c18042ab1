// An event a component defined in Rust does not emit is one error at the event's name, with
// rustc's did-you-mean, whether or not the handler takes a value.
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
      Voter (on votd -> counted)
    handlers:
      counted:
        set votes = votes + 1
}

fn main() {}
