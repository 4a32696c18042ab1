//! The order work of a keyed list's diff: which kept items stay put (a longest increasing run
//! of their old positions), and a Fenwick tree to find a child's index as items move.

/// Counts over positions `0..len`: how many are set before a position, in O(log n).
pub(super) struct Fenwick(Vec<i32>);

impl Fenwick {
    pub(super) fn new(len: usize) -> Fenwick {
        Fenwick(vec![0; len + 1])
    }

    pub(super) fn add(&mut self, position: usize, delta: i32) {
        let mut at = position + 1;
        while at < self.0.len() {
            self.0[at] += delta;
            at += at & at.wrapping_neg();
        }
    }

    /// The sum over the positions before `position`.
    pub(super) fn before(&self, position: usize) -> usize {
        let mut at = position;
        let mut sum = 0;
        while at > 0 {
            sum += self.0[at];
            at -= at & at.wrapping_neg();
        }
        sum as usize
    }
}

/// Marks the kept items that form a longest increasing run of old positions: they stay put,
/// and every other kept item moves.
pub(super) fn longest_increasing(kept: &[Option<usize>]) -> Vec<bool> {
    let seq: Vec<(usize, usize)> = kept
        .iter()
        .enumerate()
        .filter_map(|(j, old)| old.map(|o| (j, o)))
        .collect();
    // Patience sorting: tails[k] is the index into `seq` ending the best run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev = vec![usize::MAX; seq.len()];
    for (i, &(_, value)) in seq.iter().enumerate() {
        let at = tails.partition_point(|&t| seq[t].1 < value);
        if at > 0 {
            prev[i] = tails[at - 1];
        }
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut stable = vec![false; kept.len()];
    let mut cursor = tails.last().copied();
    while let Some(i) = cursor {
        stable[seq[i].0] = true;
        cursor = (prev[i] != usize::MAX).then(|| prev[i]);
    }
    stable
}
