//! The live socket's opening handshake (RFC 6455, section 4.2): the request's checks, the
//! `101 Switching Protocols` answer, and the [`WebSocket`] on the upgraded connection.

use std::future::Future;

use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hyper::upgrade::OnUpgrade;
use sha1::{Digest, Sha1};

use crate::serve::websocket::WebSocket;

/// A request to open a live socket, checked.
pub(crate) struct Upgrade {
    accept: HeaderValue,
    on_upgrade: OnUpgrade,
}

impl<S: Send + Sync> FromRequestParts<S> for Upgrade {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Upgrade, Response> {
        let refuse = |status: StatusCode, why: &'static str| (status, why).into_response();
        if parts.method != Method::GET {
            return Err(refuse(
                StatusCode::METHOD_NOT_ALLOWED,
                "a live socket opens with GET",
            ));
        }
        let headers = &parts.headers;
        if !has_token(headers, header::CONNECTION, "upgrade")
            || !has_token(headers, header::UPGRADE, "websocket")
        {
            return Err(refuse(
                StatusCode::UPGRADE_REQUIRED,
                "this address serves a WebSocket: the request must ask to upgrade to one",
            ));
        }
        if headers
            .get(header::SEC_WEBSOCKET_VERSION)
            .map(HeaderValue::as_bytes)
            != Some(b"13")
        {
            let mut refused = refuse(
                StatusCode::UPGRADE_REQUIRED,
                "this server speaks WebSocket version 13",
            );
            refused.headers_mut().insert(
                header::SEC_WEBSOCKET_VERSION,
                HeaderValue::from_static("13"),
            );
            return Err(refused);
        }
        let Some(key) = headers.get(header::SEC_WEBSOCKET_KEY) else {
            return Err(refuse(
                StatusCode::BAD_REQUEST,
                "the request has no Sec-WebSocket-Key",
            ));
        };
        let accept = accept_key(key.as_bytes());
        let Some(on_upgrade) = parts.extensions.remove::<OnUpgrade>() else {
            return Err(refuse(
                StatusCode::UPGRADE_REQUIRED,
                "this connection cannot be upgraded (HTTP/1.1 is needed)",
            ));
        };
        Ok(Upgrade { accept, on_upgrade })
    }
}

impl Upgrade {
    /// Answers `101 Switching Protocols` and, once the connection is upgraded, runs `serve` on
    /// its WebSocket, which refuses messages longer than `max_message`.
    pub(crate) fn on_upgrade<F, Fut>(self, max_message: usize, serve: F) -> Response
    where
        F: FnOnce(WebSocket) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let Upgrade { accept, on_upgrade } = self;
        tokio::spawn(async move {
            if let Ok(upgraded) = on_upgrade.await {
                serve(WebSocket::new(upgraded, max_message)).await;
            }
        });
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
        let headers = response.headers_mut();
        headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
        headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        headers.insert(header::SEC_WEBSOCKET_ACCEPT, accept);
        response
    }
}

/// Whether the comma-separated header `name` holds `token` (any case).
fn has_token(headers: &HeaderMap, name: header::HeaderName, token: &str) -> bool {
    headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|part| part.trim().eq_ignore_ascii_case(token))
}

/// `Sec-WebSocket-Accept` for a request's key: base64 of the SHA-1 of the key and the
/// protocol's GUID.
fn accept_key(key: &[u8]) -> HeaderValue {
    let mut sha1 = Sha1::new();
    sha1.update(key);
    sha1.update(b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    let encoded = base64(&sha1.finalize());
    HeaderValue::from_str(&encoded).expect("base64 is a valid header value")
}

/// Standard base64, padded.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let [a, b, c] = [0, 1, 2].map(|i| chunk.get(i).copied().unwrap_or(0));
        let triple = u32::from_be_bytes([0, a, b, c]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(triple >> shift & 0x3F) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::routing::get;
    use hyper_util::rt::TokioIo;
    use hyper_util::service::TowerToHyperService;
    use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

    use super::*;
    use crate::serve::websocket::Incoming;

    /// A connection to a server whose `/ws` answers each binary message with it reversed, over
    /// an in-memory stream (not TCP: the WebSocket then runs on hyper's upgraded connection).
    fn connect() -> DuplexStream {
        let router = Router::new().route(
            "/ws",
            get(|upgrade: Upgrade| async move {
                upgrade.on_upgrade(1024, |mut socket| async move {
                    while let Incoming::Binary(bytes) = socket.recv().await {
                        let reversed: Vec<u8> = bytes.iter().rev().copied().collect();
                        if socket.send(&reversed).await.is_err() {
                            break;
                        }
                    }
                })
            }),
        );
        let (client, server) = tokio::io::duplex(4096);
        tokio::spawn(
            hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(server), TowerToHyperService::new(router))
                .with_upgrades(),
        );
        client
    }

    /// Sends a GET of `/ws` with `headers`; the answer's head.
    async fn request(client: &mut DuplexStream, headers: &str) -> String {
        let request = format!("GET /ws HTTP/1.1\r\nHost: a\r\n{headers}\r\n");
        client.write_all(request.as_bytes()).await.unwrap();
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            head.push(client.read_u8().await.unwrap());
        }
        String::from_utf8(head).unwrap().to_ascii_lowercase()
    }

    const OPEN: &str = "Connection: Upgrade\r\nUpgrade: websocket\r\n\
        Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    #[tokio::test]
    async fn a_handshake_opens_a_websocket_on_any_upgraded_connection() {
        let mut client = connect();
        let head = request(&mut client, OPEN).await;
        assert!(head.starts_with("http/1.1 101"), "{head}");
        assert!(head.contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="));
        assert!(head.contains("upgrade: websocket"));
        assert!(!head.contains("sec-websocket-extensions"));
        // A masked frame "abc" in, "cba" out.
        let mask = [1, 2, 3, 4];
        let mut frame = vec![0x82, 0x83];
        frame.extend_from_slice(&mask);
        frame.extend(b"abc".iter().zip(mask).map(|(b, m)| b ^ m));
        client.write_all(&frame).await.unwrap();
        let mut answer = [0; 5];
        client.read_exact(&mut answer).await.unwrap();
        assert_eq!(&answer, b"\x82\x03cba");
    }

    #[tokio::test]
    async fn requests_that_cannot_open_a_websocket_are_told_why() {
        let cases = [
            ("", "426", "must ask to upgrade"),
            (
                "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 8\r\n",
                "426",
                "version 13",
            ),
            (
                "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n",
                "400",
                "sec-websocket-key",
            ),
        ];
        for (headers, status, why) in cases {
            let mut client = connect();
            let head = request(&mut client, headers).await;
            assert!(head.starts_with(&format!("http/1.1 {status}")), "{head}");
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length: "))
                .and_then(|length| length.trim().parse().ok())
                .unwrap();
            let mut body = vec![0; length];
            client.read_exact(&mut body).await.unwrap();
            let body = String::from_utf8(body).unwrap().to_ascii_lowercase();
            assert!(body.contains(why), "{body}");
        }
    }

    #[test]
    fn the_accept_key_is_the_rfcs_example() {
        // RFC 6455, section 1.3.
        let accept = accept_key(b"dGhlIHNhbXBsZSBub25jZQ==");
        assert_eq!(accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    #[test]
    fn base64_pads_every_length() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        assert_eq!(base64(b"fooba"), "Zm9vYmE=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn tokens_are_found_in_lists_in_any_case() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONNECTION,
            HeaderValue::from_static("keep-alive, Upgrade"),
        );
        assert!(has_token(&headers, header::CONNECTION, "upgrade"));
        assert!(!has_token(&headers, header::CONNECTION, "close"));
        assert!(!has_token(&headers, header::UPGRADE, "websocket"));
    }
}
