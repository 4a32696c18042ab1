use hjx_runtime::hjx;

hjx! {
    component List
    state:
      prices: Vec<f64> = vec![1.5, 2.5]
    layout:
      ul:
        for (price in prices, key: *price):
          li: "{{price}}"
}

fn main() {}
