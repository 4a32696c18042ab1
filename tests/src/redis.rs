//! A real Redis for the multi-node tests: Debian's `redis-server` on a free loopback port, with
//! no persistence, stopped when dropped. `.ci/run` installs it (`tests/ci-install-redis.sh`).

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `redis-server`.
#[derive(Debug)]
pub struct RedisServer {
    child: Child,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

impl RedisServer {
    /// Starts one on a free port (another, if a test running beside this one took it first).
    pub fn start() -> RedisServer {
        for _ in 0..10 {
            let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .and_then(|listener| listener.local_addr())
                .expect("a free loopback port")
                .port();
            if let Some(server) = RedisServer::try_start_on(port) {
                return server;
            }
        }
        panic!("redis-server could not take a free loopback port in 10 tries");
    }

    /// Starts one on `port` (where an earlier one stood: a Redis restart), empty.
    pub fn start_on(port: u16) -> RedisServer {
        RedisServer::try_start_on(port)
            .unwrap_or_else(|| panic!("redis-server could not listen on port {port}"))
    }

    /// Starts one on `port`; `None` when it exits at once (the port is taken).
    fn try_start_on(port: u16) -> Option<RedisServer> {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--protected-mode", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| {
                panic!(
                    "redis-server could not be started ({error}): install it with `bash tests/ci-install-redis.sh` (Debian's redis-server)"
                )
            });
        let mut server = RedisServer { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            // A server that could not listen exits; one that answers is this one, alive.
            if matches!(server.child.try_wait(), Ok(Some(_))) {
                return None;
            }
            if server.answers() {
                // Still running a moment later: the answer was this server's, not another's
                // on a port this one failed to take.
                std::thread::sleep(Duration::from_millis(50));
                return matches!(server.child.try_wait(), Ok(None)).then_some(server);
            }
            assert!(
                Instant::now() < deadline,
                "redis-server did not answer on port {port}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Its URL.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Whether it answers PING.
    fn answers(&self) -> bool {
        let Ok(mut stream) = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
        let mut reply = [0; 7];
        stream.write_all(b"PING\r\n").is_ok()
            && stream.read_exact(&mut reply).is_ok()
            && &reply == b"+PONG\r\n"
    }

    /// Stops it (everything it held is gone).
    pub fn stop(mut self) {
        self.kill();
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}
