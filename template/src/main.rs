#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT").map_or(Ok(3000), |port| port.parse());
    let port = port.map_err(|_| std::io::Error::other("PORT is not a port number"))?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("http://{}/", listener.local_addr()?);
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    hjx_runtime::serve(listener, my_app::live(), stop).await
}
