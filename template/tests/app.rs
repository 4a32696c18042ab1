use hjx_runtime::harness::TestApp;

#[tokio::test]
async fn the_button_counts_clicks() {
    let app = TestApp::new(&my_app::live());
    let mut page = app.open("/").await.expect("the page opens");
    assert_eq!(page.text("h1"), "Hello, world!");
    page.click("button").await;
    assert_eq!(page.text("button"), "Clicked 1 times");
}
