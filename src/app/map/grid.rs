//! A uniform grid over a layout's points, so that finding the word under the pointer looks at
//! the few points near it instead of all of them (341,479 for the whole GloVe vocabulary).

/// Points bucketed by cell, built once per layout.
pub struct PointGrid {
    /// Which layout it was built for.
    pub generation: u64,
    low: [f64; 2],
    cell: f64,
    columns: usize,
    rows: usize,
    /// Start of each cell's points in `points` (cells + 1 entries).
    starts: Vec<u32>,
    points: Vec<u32>,
}

/// About this many points per cell on average.
const POINTS_PER_CELL: usize = 4;
const MAX_CELLS_PER_SIDE: usize = 1024;

impl PointGrid {
    pub fn new(generation: u64, coords: &[[f64; 2]]) -> Self {
        let finite = || {
            coords
                .iter()
                .filter(|p| p[0].is_finite() && p[1].is_finite())
        };
        let mut low = [f64::INFINITY; 2];
        let mut high = [f64::NEG_INFINITY; 2];
        for p in finite() {
            for c in 0..2 {
                low[c] = low[c].min(p[c]);
                high[c] = high[c].max(p[c]);
            }
        }
        if !low[0].is_finite() {
            (low, high) = ([0.0; 2], [1.0; 2]);
        }
        let span = (high[0] - low[0]).max(high[1] - low[1]).max(1e-9);
        let side = ((coords.len() / POINTS_PER_CELL) as f64)
            .sqrt()
            .clamp(1.0, MAX_CELLS_PER_SIDE as f64);
        let cell = span / side;
        let columns = ((high[0] - low[0]) / cell) as usize + 1;
        let rows = ((high[1] - low[1]) / cell) as usize + 1;
        let mut grid = Self {
            generation,
            low,
            cell,
            columns,
            rows,
            starts: vec![0; columns * rows + 1],
            points: Vec::new(),
        };
        let cells: Vec<Option<usize>> = coords.iter().map(|p| grid.cell_of(*p)).collect();
        for &c in cells.iter().flatten() {
            grid.starts[c + 1] += 1;
        }
        for c in 0..columns * rows {
            grid.starts[c + 1] += grid.starts[c];
        }
        let mut next = grid.starts.clone();
        grid.points = vec![0; grid.starts[columns * rows] as usize];
        for (p, c) in cells.iter().enumerate() {
            if let Some(c) = *c {
                grid.points[next[c] as usize] = p as u32;
                next[c] += 1;
            }
        }
        grid
    }

    fn cell_of(&self, p: [f64; 2]) -> Option<usize> {
        if !(p[0].is_finite() && p[1].is_finite()) {
            return None;
        }
        let column = (((p[0] - self.low[0]) / self.cell).max(0.0) as usize).min(self.columns - 1);
        let row = (((p[1] - self.low[1]) / self.cell).max(0.0) as usize).min(self.rows - 1);
        Some(row * self.columns + column)
    }

    /// The points within `radius` (each axis; in layout units) of `at`, cell by cell.
    pub fn near(&self, at: [f64; 2], radius: [f64; 2]) -> impl Iterator<Item = usize> + '_ {
        let range = |c: usize, count: usize| {
            let from = ((at[c] - radius[c] - self.low[c]) / self.cell).floor();
            let to = ((at[c] + radius[c] - self.low[c]) / self.cell).floor();
            let clamp = |v: f64| v.clamp(0.0, (count - 1) as f64) as usize;
            if to < 0.0 || from > (count - 1) as f64 || !(from.is_finite() && to.is_finite()) {
                0..0
            } else {
                clamp(from)..clamp(to) + 1
            }
        };
        let (columns, rows) = (range(0, self.columns), range(1, self.rows));
        rows.flat_map(move |row| {
            let cells = row * self.columns + columns.start..row * self.columns + columns.end;
            let span = self.starts[cells.start] as usize..self.starts[cells.end] as usize;
            self.points[span].iter().map(|&p| p as usize)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exactly_the_points_a_full_scan_finds() {
        let mut state = 3u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut coords: Vec<[f64; 2]> = (0..5000)
            .map(|_| [next() * 200.0 - 100.0, next() * 50.0])
            .collect();
        coords.push([f64::NAN, 1.0]);
        coords.extend(std::iter::repeat_n([3.0, 4.0], 20));
        let grid = PointGrid::new(7, &coords);
        for (at, radius) in [
            ([0.0, 25.0], [3.0, 1.0]),
            ([3.0, 4.0], [0.01, 0.01]),
            ([-100.0, 0.0], [5.0, 5.0]),
            ([500.0, 500.0], [1.0, 1.0]),
            ([0.0, 0.0], [1000.0, 1000.0]),
        ] {
            let mut found: Vec<usize> = grid
                .near(at, radius)
                .filter(|&p| {
                    (coords[p][0] - at[0]).abs() <= radius[0]
                        && (coords[p][1] - at[1]).abs() <= radius[1]
                })
                .collect();
            found.sort_unstable();
            let expected: Vec<usize> = (0..coords.len())
                .filter(|&p| {
                    (coords[p][0] - at[0]).abs() <= radius[0]
                        && (coords[p][1] - at[1]).abs() <= radius[1]
                })
                .collect();
            assert_eq!(found, expected, "{at:?} {radius:?}");
        }
    }
}
