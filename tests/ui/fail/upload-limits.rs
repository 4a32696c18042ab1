// An upload's limits are `max_mb(n)` and `max_files(n)`, and its `accept` is plain text the
// server can enforce.
use hjx_runtime::{UploadedFile, hjx};

hjx! {
    component Photos
    state:
      kinds = "image/*"
      count: usize = 0
    layout:
      input (type="file" on upload.max_size(10) -> got(event.files))
      input (type="file" on upload.max_mb(0) -> got(event.files))
      input (type="file" accept="{{kinds}}" on upload -> got(event.files))
    script:
      fn take(&mut self, files: Vec<UploadedFile>) {
          self.count += files.len();
      }
    handlers:
      got(files: Vec<UploadedFile>):
        call self.take(files)
}

fn main() {}
