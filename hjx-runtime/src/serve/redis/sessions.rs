//! Saved sessions in Redis: each under `<prefix>:session:<id>` for the grace period, written at
//! shutdown, every `snapshot_every` and on eviction, and taken by the node the page comes back to.

use std::sync::Arc;

use super::RedisCluster;
use crate::live::cluster::BoxFuture;
use crate::live::saved::SavedSession;
use crate::live::session_id::SessionId;
use crate::serve::durable::RemoteSessions;

impl RedisCluster {
    /// Stores `sessions` for the grace period; how many were stored.
    pub(super) async fn put(&self, sessions: Vec<SavedSession>) -> usize {
        if sessions.is_empty() {
            return 0;
        }
        let Some(mut connection) = self.connection().await else {
            tracing::error!(
                sessions = sessions.len(),
                "redis cannot be reached: sessions not saved"
            );
            return 0;
        };
        let mut pipe = redis::pipe();
        let mut count = 0;
        for saved in &sessions {
            if let Ok(bytes) = rmp_serde::to_vec_named(saved) {
                pipe.cmd("SET")
                    .arg(self.key("session", &saved.id))
                    .arg(bytes)
                    .arg("PX")
                    .arg(self.grace.as_millis().max(1) as u64)
                    .ignore();
                count += 1;
            }
        }
        match pipe.query_async::<()>(&mut connection).await {
            Ok(()) => count,
            Err(error) => {
                tracing::error!(%error, "redis: sessions could not be saved");
                0
            }
        }
    }
}

impl RemoteSessions for RedisCluster {
    fn save(self: Arc<Self>, sessions: Vec<SavedSession>) -> BoxFuture<usize> {
        Box::pin(async move { self.put(sessions).await })
    }

    fn take(self: Arc<Self>, id: SessionId) -> BoxFuture<Option<SavedSession>> {
        Box::pin(async move {
            let mut connection = self.connection().await?;
            let bytes: Option<Vec<u8>> = redis::cmd("GETDEL")
                .arg(self.key("session", &id.to_string()))
                .query_async(&mut connection)
                .await
                .ok()?;
            rmp_serde::from_slice(&bytes?).ok()
        })
    }
}
