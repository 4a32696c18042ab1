//! Uploads over real sockets, as a client that follows the protocol and one that does not:
//! a file that arrives whole runs the handler with its name, size and bytes; a refusal says
//! why; chunks out of order, more bytes than declared, unknown and cancelled uploads are
//! refused and leave no file behind; chunks are paced by acknowledgements, not rate limited;
//! a socket holds a bounded number of uploads at once.

use hjx_runtime::{Live, UploadedFile, hjx};
use hjx_tests::client::{Client, Frame, TestServer, carries, hid_of};

hjx! {
    component Inbox
    state:
      received: Vec<String> = Vec::new()
    script:
      fn keep(&mut self, files: Vec<UploadedFile>) {
          for file in files {
              let bytes = file.read().unwrap_or_default();
              self.received.push(format!("{}:{}:{}:{}", file.name(), file.size(), file.content_type(), String::from_utf8_lossy(&bytes)));
          }
      }
    layout:
      view:
        input.files (type="file" accept=".txt,text/*" on upload.max_mb(1).max_files(2) -> got(event.files))
        button.plain (on click -> nothing): "plain"
        text: "received {{received.join(\"|\")}}"
    handlers:
      got(files: Vec<UploadedFile>):
        call self.keep(files)
      nothing:
        log "nothing"
}

fn start(hid: u32, upload: u32, name: &str, size: u64, kind: &str, count: u32) -> Vec<u8> {
    let mut frame = Vec::new();
    rmp::encode::write_array_len(&mut frame, 7).expect("write");
    rmp::encode::write_uint(&mut frame, 4).expect("write");
    rmp::encode::write_uint(&mut frame, hid.into()).expect("write");
    rmp::encode::write_uint(&mut frame, upload.into()).expect("write");
    rmp::encode::write_str(&mut frame, name).expect("write");
    rmp::encode::write_uint(&mut frame, size).expect("write");
    rmp::encode::write_str(&mut frame, kind).expect("write");
    rmp::encode::write_uint(&mut frame, count.into()).expect("write");
    frame
}

fn chunk(upload: u32, offset: u64, bytes: &[u8]) -> Vec<u8> {
    let mut frame = Vec::new();
    rmp::encode::write_array_len(&mut frame, 4).expect("write");
    rmp::encode::write_uint(&mut frame, 5).expect("write");
    rmp::encode::write_uint(&mut frame, upload.into()).expect("write");
    rmp::encode::write_uint(&mut frame, offset).expect("write");
    rmp::encode::write_bin(&mut frame, bytes).expect("write");
    frame
}

fn cancel(upload: u32) -> Vec<u8> {
    let mut frame = Vec::new();
    rmp::encode::write_array_len(&mut frame, 2).expect("write");
    rmp::encode::write_uint(&mut frame, 6).expect("write");
    rmp::encode::write_uint(&mut frame, upload.into()).expect("write");
    frame
}

/// The upload EVENT that answers: `Ok(received)` or `Err(message)`.
async fn answer(client: &mut Client, upload: u32) -> Result<u64, String> {
    loop {
        if let Frame::Event { name, data } = client.recv().await {
            let mut rd = data.as_slice();
            assert_eq!(rmp::decode::read_array_len(&mut rd).expect("array"), 2);
            let n: u32 = rmp::decode::read_int(&mut rd).expect("upload number");
            assert_eq!(n, upload, "{name}");
            return match name.as_str() {
                "hjx-uploaded" => Ok(rmp::decode::read_int(&mut rd).expect("received")),
                "hjx-upload-refused" => {
                    let len = rmp::decode::read_str_len(&mut rd).expect("message") as usize;
                    Err(String::from_utf8(rd[..len].to_vec()).expect("utf-8"))
                }
                other => panic!("unexpected event {other}"),
            };
        }
    }
}

/// The files in the uploads folder now.
fn stored() -> usize {
    std::fs::read_dir(std::env::temp_dir().join("hjx-uploads")).map_or(0, |dir| dir.count())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_arrive_whole_and_every_abuse_is_refused_with_nothing_left_behind() {
    let server = TestServer::start(Live::new().mount::<Inbox>("/")).await;
    let (page, mut client) = server.open("/").await;
    let input = hid_of(&page.body, "<input class=\"files");
    let plain = hid_of(&page.body, "<button class=\"plain");
    let before = stored();

    // A whole file runs the handler, whose patch follows the last acknowledgement.
    client
        .send(&start(input, 1, "../../etc/notes.txt", 11, "text/plain", 1))
        .await;
    assert_eq!(answer(&mut client, 1).await, Ok(0));
    client.send(&chunk(1, 0, b"hello ")).await;
    assert_eq!(answer(&mut client, 1).await, Ok(6));
    client.send(&chunk(1, 6, b"world")).await;
    assert_eq!(answer(&mut client, 1).await, Ok(11));
    let patch = client.recv().await;
    assert!(
        carries(&patch, "received notes.txt:11:text/plain:hello world"),
        "the name loses its path: {patch:?}"
    );

    // Refusals, before a byte is stored.
    for (frame, reason) in [
        (
            start(plain, 2, "a.txt", 1, "text/plain", 1),
            "this element takes no uploads",
        ),
        (
            start(input, 2, "a.png", 1, "image/png", 1),
            "a.png is not a type this form takes (.txt,text/*).",
        ),
        (
            start(input, 2, "big.txt", 2 * 1024 * 1024, "text/plain", 1),
            "big.txt is too large: at most 1 MB.",
        ),
        (
            start(input, 2, "a.txt", 1, "text/plain", 3),
            "Choose at most 2 files.",
        ),
    ] {
        client.send(&frame).await;
        assert_eq!(answer(&mut client, 2).await, Err(reason.to_owned()));
    }

    // A chunk out of order, more bytes than declared, an unknown upload, a cancelled one.
    client
        .send(&start(input, 3, "a.txt", 4, "text/plain", 1))
        .await;
    assert_eq!(answer(&mut client, 3).await, Ok(0));
    client.send(&chunk(3, 2, b"ab")).await;
    assert_eq!(
        answer(&mut client, 3).await,
        Err("a chunk arrived out of order".to_owned())
    );
    client
        .send(&start(input, 4, "b.txt", 4, "text/plain", 1))
        .await;
    assert_eq!(answer(&mut client, 4).await, Ok(0));
    client.send(&chunk(4, 0, b"too many bytes")).await;
    assert_eq!(
        answer(&mut client, 4).await,
        Err("the file is larger than its declared size".to_owned())
    );
    client.send(&chunk(99, 0, b"x")).await;
    assert_eq!(
        answer(&mut client, 99).await,
        Err("no such upload".to_owned())
    );
    client
        .send(&start(input, 5, "c.txt", 4, "text/plain", 1))
        .await;
    assert_eq!(answer(&mut client, 5).await, Ok(0));
    client.send(&cancel(5)).await;
    client.send(&chunk(5, 0, b"abcd")).await;
    assert_eq!(
        answer(&mut client, 5).await,
        Err("no such upload".to_owned())
    );
    assert_eq!(
        stored(),
        before,
        "refused and cancelled uploads leave no file"
    );

    // A socket holds a bounded number of uploads at once.
    for n in 10..18 {
        client
            .send(&start(input, n, "d.txt", 100, "text/plain", 1))
            .await;
        assert_eq!(answer(&mut client, n).await, Ok(0));
    }
    client
        .send(&start(input, 18, "d.txt", 100, "text/plain", 1))
        .await;
    assert_eq!(
        answer(&mut client, 18).await,
        Err("too many uploads at once; wait for one to finish".to_owned())
    );
    for n in 10..18 {
        client.send(&cancel(n)).await;
    }

    // Many chunks in a row are paced by their acknowledgements, never rate limited.
    client
        .send(&start(input, 20, "many.txt", 400, "text/plain", 1))
        .await;
    assert_eq!(answer(&mut client, 20).await, Ok(0));
    for i in 0..400u64 {
        client.send(&chunk(20, i, b"z")).await;
    }
    for i in 1..=400u64 {
        assert_eq!(answer(&mut client, 20).await, Ok(i));
    }
    let patch = client.recv().await;
    assert!(carries(&patch, "many.txt:400:text/plain:zzz"), "{patch:?}");
    client.close().await;
    server.shutdown().await;
}
