//! Writing matrices as NumPy `.npy` files, the format scripts load with `np.load`.

use std::io::{self, Write};

/// Writes `rows` (each `cols` long) as a little-endian f32 `.npy` (format 1.0) matrix.
pub fn write_f32_matrix(out: &mut impl Write, rows: &[&[f32]], cols: usize) -> io::Result<()> {
    if let Some(row) = rows.iter().find(|r| r.len() != cols) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("a row has {} values, expected {cols}", row.len()),
        ));
    }
    let mut header = format!(
        "{{'descr': '<f4', 'fortran_order': False, 'shape': ({}, {cols}), }}",
        rows.len()
    );
    // Magic (6) + version (2) + length (2) + header + newline, padded to a multiple of 64.
    let unpadded = 10 + header.len() + 1;
    header.push_str(&" ".repeat(unpadded.next_multiple_of(64) - unpadded));
    header.push('\n');
    out.write_all(b"\x93NUMPY\x01\x00")?;
    out.write_all(&(header.len() as u16).to_le_bytes())?;
    out.write_all(header.as_bytes())?;
    for row in rows {
        for value in *row {
            out.write_all(&value.to_le_bytes())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_aligned_and_data_follows() {
        let mut bytes = Vec::new();
        write_f32_matrix(&mut bytes, &[&[1.0, 2.0], &[3.0, 4.0]], 2).unwrap();
        assert!(bytes.starts_with(b"\x93NUMPY\x01\x00"));
        let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
        assert_eq!((10 + header_len) % 64, 0);
        let header = std::str::from_utf8(&bytes[10..10 + header_len]).unwrap();
        assert!(header.contains("'shape': (2, 2)"));
        assert_eq!(
            &bytes[10 + header_len..10 + header_len + 4],
            &1.0f32.to_le_bytes()
        );
        assert_eq!(bytes.len(), 10 + header_len + 16);
        assert!(write_f32_matrix(&mut Vec::new(), &[&[1.0]], 2).is_err());
    }
}
