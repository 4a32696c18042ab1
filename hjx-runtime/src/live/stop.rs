//! A one-shot stop signal that any number of tasks can wait on.
//!
//! Every task the runtime starts for an instance (a `Store::spawn`ed loop, a socket) waits on
//! one of these beside its work, so dropping or ending the instance stops the task: there is no
//! detached task without a way to stop it.

use tokio::sync::watch;

/// The sending half: [`StopSignal::stop`] (or dropping it) stops every listener.
#[derive(Debug)]
pub(crate) struct StopSignal(watch::Sender<bool>);

/// The waiting half.
#[derive(Debug, Clone)]
pub(crate) struct StopListener(watch::Receiver<bool>);

impl StopSignal {
    pub(crate) fn new() -> StopSignal {
        StopSignal(watch::Sender::new(false))
    }

    /// Stops every listener, now and later.
    pub(crate) fn stop(&self) {
        self.0.send_replace(true);
    }

    pub(crate) fn is_stopped(&self) -> bool {
        *self.0.borrow()
    }

    pub(crate) fn listener(&self) -> StopListener {
        StopListener(self.0.subscribe())
    }
}

impl StopListener {
    /// Resolves once the signal is stopped or dropped. Cancel-safe.
    pub(crate) async fn stopped(&mut self) {
        // An error means the signal was dropped, which stops too.
        let _ = self.0.wait_for(|stopped| *stopped).await;
    }
}
