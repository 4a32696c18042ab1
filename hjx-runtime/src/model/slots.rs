//! The values a rendered list item remembers of its dynamic spots, mostly held inline.

/// An item's slot values: up to [`INLINE_SLOTS`] held in the item itself (most items show one to
/// three values), more on the heap. A list of 10,000 one-value items then allocates nothing per
/// item for them.
#[derive(Debug, Clone)]
pub enum SlotValues {
    /// `len` values, inline.
    Inline(usize, [u64; INLINE_SLOTS]),
    /// More values than fit inline.
    Heap(Vec<u64>),
}

/// How many slot values an item holds without allocating.
pub(crate) const INLINE_SLOTS: usize = 3;

impl SlotValues {
    /// `len` empty slots (each `u64::MAX`, a value no hash is compared equal to by chance).
    #[inline]
    pub fn new(len: usize) -> SlotValues {
        if len <= INLINE_SLOTS {
            SlotValues::Inline(len, [u64::MAX; INLINE_SLOTS])
        } else {
            SlotValues::Heap(vec![u64::MAX; len])
        }
    }

    /// The values.
    pub fn as_slice(&self) -> &[u64] {
        match self {
            SlotValues::Inline(len, values) => &values[..*len],
            SlotValues::Heap(values) => values,
        }
    }

    /// The values, to write.
    pub fn as_mut_slice(&mut self) -> &mut [u64] {
        match self {
            SlotValues::Inline(len, values) => &mut values[..*len],
            SlotValues::Heap(values) => values,
        }
    }

    /// The value of slot `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<&u64> {
        self.as_slice().get(index)
    }
}

impl std::ops::Index<usize> for SlotValues {
    type Output = u64;

    fn index(&self, index: usize) -> &u64 {
        &self.as_slice()[index]
    }
}

impl std::ops::IndexMut<usize> for SlotValues {
    fn index_mut(&mut self, index: usize) -> &mut u64 {
        &mut self.as_mut_slice()[index]
    }
}
