//! The link's tasks: connecting, settling the shared values when Redis is (back) up, handing
//! each received message on, and sending the queued ones.

use std::sync::Weak;
use std::time::Duration;

use axum::body::Bytes;
use futures_util::StreamExt;
use redis::AsyncConnectionConfig;
use redis::aio::{MultiplexedConnection, PubSub};
use tokio::sync::mpsc;

use super::{Link, PING_EVERY, Receiver, RedisCluster, TIMEOUT};
use crate::live::cluster::Stamp;
use crate::live::stop::StopListener;
use crate::live::sync::lock;
use crate::live::topics::Message;
use crate::serve::log_limit::warn_limited;

impl RedisCluster {
    /// Connects both connections and subscribes to every channel of the prefix.
    async fn connect(&self) -> redis::RedisResult<(MultiplexedConnection, PubSub)> {
        let config = AsyncConnectionConfig::new()
            .set_connection_timeout(Some(TIMEOUT))
            .set_response_timeout(Some(TIMEOUT));
        let connection = self
            .client
            .get_multiplexed_async_connection_with_config(&config)
            .await?;
        let mut pubsub = tokio::time::timeout(TIMEOUT, self.client.get_async_pubsub())
            .await
            .map_err(|_| timed_out())??;
        pubsub.psubscribe(format!("{}:*", self.prefix)).await?;
        Ok((connection, pubsub))
    }

    /// Handles one message of the subscription.
    fn received(&self, receiver: &dyn Receiver, channel: &str, payload: &[u8]) {
        let Some(rest) = channel
            .strip_prefix(&self.prefix)
            .and_then(|rest| rest.strip_prefix(':'))
        else {
            return;
        };
        let Some((node, body)) = payload.split_at_checked(16) else {
            return;
        };
        if node == self.node.as_bytes() {
            return;
        }
        if let Some(key) = rest.strip_prefix("s:") {
            let Some((stamp, data)) = parse_write(body) else {
                warn_limited!(
                    channel,
                    "redis: a malformed shared value message was ignored"
                );
                return;
            };
            for hub in receiver.hubs() {
                if hub.key().as_deref() == Some(key) {
                    hub.changed_elsewhere(stamp, data);
                }
            }
        } else if let Some(topic) = rest.strip_prefix("t:") {
            if let Some(topics) = receiver.topics() {
                topics.deliver_here(Message::from_elsewhere(topic, Bytes::copy_from_slice(body)));
            }
        } else if let Some(name) = rest.strip_prefix("b:") {
            let frame = Bytes::copy_from_slice(body);
            for hub in receiver.hubs() {
                if hub.name() == name {
                    hub.broadcast_here(frame.clone());
                }
            }
        }
    }
}

/// Sends the queued messages, in order.
pub(super) async fn send_loop(
    cluster: Weak<RedisCluster>,
    mut queue: mpsc::Receiver<(String, Vec<u8>)>,
) {
    while let Some((channel, payload)) = queue.recv().await {
        let Some(mut connection) = cluster
            .upgrade()
            .and_then(|cluster| lock(&cluster.connection).clone())
        else {
            continue;
        };
        let sent: redis::RedisResult<()> = redis::cmd("PUBLISH")
            .arg(&channel)
            .arg(payload)
            .query_async(&mut connection)
            .await;
        if let Err(error) = sent {
            warn_limited!(%error, channel, "redis: a message to the other nodes was lost");
        }
    }
}

/// Keeps the link up: connects, settles every shared value, then hands each received message
/// on, until the connection fails; then says so and tries again, until `shutdown`.
pub(super) async fn link_loop(
    cluster: Weak<RedisCluster>,
    receiver: Weak<dyn Receiver>,
    mut shutdown: StopListener,
) {
    let mut pause = Duration::from_millis(100);
    loop {
        let Some(this) = cluster.upgrade() else {
            return;
        };
        let attempt = tokio::select! {
            _ = shutdown.stopped() => return,
            attempt = this.connect() => attempt,
        };
        match attempt {
            Ok((connection, pubsub)) => {
                let was = *this.link.borrow();
                *lock(&this.connection) = Some(connection.clone());
                this.link.send_replace(Link::Up);
                pause = Duration::from_millis(100);
                if was == Link::Down {
                    tracing::info!(url = %this.url, "redis is back: settling the shared values with the other nodes");
                } else {
                    tracing::info!(url = %this.url, node = %this.node, "on redis with the other nodes");
                }
                if let Some(receiver) = receiver.upgrade() {
                    for hub in receiver.hubs() {
                        tokio::spawn(hub.resync());
                    }
                }
                if receive(&this, &receiver, pubsub, connection, &mut shutdown).await {
                    // The server stops: the sending connection stays for its last writes (the
                    // sessions saved at shutdown).
                    return;
                }
                *lock(&this.connection) = None;
                this.link.send_replace(Link::Down);
                tracing::error!(
                    url = %this.url,
                    "redis is gone: this node serves its own sessions, with its own shared values, until it is back"
                );
            }
            Err(error) => {
                if *this.link.borrow() != Link::Down {
                    tracing::error!(url = %this.url, %error, "redis cannot be reached: this node serves its own sessions until it can");
                    this.link.send_replace(Link::Down);
                }
            }
        }
        drop(this);
        tokio::select! {
            _ = shutdown.stopped() => return,
            () = tokio::time::sleep(pause) => {}
        }
        pause = (pause * 2).min(Duration::from_secs(2));
    }
}

/// Hands each message of `pubsub` on until the connection fails (`false`) or the server stops
/// (`true`).
async fn receive(
    cluster: &RedisCluster,
    receiver: &Weak<dyn Receiver>,
    pubsub: PubSub,
    mut connection: MultiplexedConnection,
    shutdown: &mut StopListener,
) -> bool {
    let mut messages = pubsub.into_on_message();
    let mut ping = tokio::time::interval(PING_EVERY);
    loop {
        tokio::select! {
            _ = shutdown.stopped() => return true,
            message = messages.next() => {
                let Some(message) = message else { return false };
                let Some(receiver) = receiver.upgrade() else { return true };
                cluster.received(&*receiver, message.get_channel_name(), message.get_payload_bytes());
            }
            _ = ping.tick() => {
                let pong: redis::RedisResult<String> = redis::cmd("PING").query_async(&mut connection).await;
                if pong.is_err() {
                    return false;
                }
            }
        }
    }
}

/// A shared value's write as announced: `<epoch: 16 hex><version> <data>`.
fn parse_write(body: &[u8]) -> Option<(Stamp, &[u8])> {
    let (epoch, rest) = body.split_at_checked(16)?;
    let epoch = u64::from_str_radix(std::str::from_utf8(epoch).ok()?, 16).ok()?;
    let space = rest.iter().position(|&byte| byte == b' ')?;
    let version = std::str::from_utf8(&rest[..space]).ok()?.parse().ok()?;
    Some((Stamp { epoch, version }, &rest[space + 1..]))
}

fn timed_out() -> redis::RedisError {
    redis::RedisError::from(std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        "no answer in time",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_announced_write_is_read_back() {
        let body = b"00000000000000ff12 \x01data";
        let (stamp, data) = parse_write(body).expect("well formed");
        assert_eq!(
            stamp,
            Stamp {
                epoch: 255,
                version: 12
            }
        );
        assert_eq!(data, b"\x01data");
        assert!(parse_write(b"short").is_none());
        assert!(parse_write(b"00000000000000ffx no").is_none());
    }
}
