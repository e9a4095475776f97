//! From a file to the network's input: decode (with size limits), apply EXIF orientation,
//! flatten alpha onto white, resize the shorter side to 256, centre-crop 224, then Keras'
//! "caffe" preprocessing (RGB→BGR, 0–255, minus the ImageNet BGR means).

use std::io::BufReader;
use std::path::Path;

use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};

use super::ImagesError;

/// Side of the square the network sees.
pub const CROP_SIZE: u32 = 224;
/// The shorter side is resized to this before the centre crop.
const RESIZE_SHORTER: u32 = 256;
/// Largest width or height accepted; a header declaring more is refused before decoding.
pub const MAX_SIDE: u32 = 20_000;
/// Most memory one decode may allocate.
const MAX_DECODE_BYTES: u64 = 1 << 30;
/// Most memory the metadata of one file may take (colour profiles, text chunks, EXIF): a
/// compressed chunk that inflates beyond this is a bomb, not a profile.
const MAX_METADATA_BYTES: u64 = 64 << 20;
/// Most bytes a decoder may keep per pixel (four channels of f32).
const MAX_BYTES_PER_PIXEL: u64 = 16;
/// Most pixels accepted (a 100-megapixel camera's photo fits).
const MAX_PIXELS: u64 = 150_000_000;
/// Longer side over shorter side beyond which the image is cut to its centre before resizing:
/// the crop only ever sees the middle, and resizing all of a 20000×1 strip to a shorter side of
/// 256 would take gigabytes.
const MAX_ASPECT: u32 = 4;
/// ImageNet channel means in BGR order, as Keras' `preprocess_input(mode="caffe")`.
const CAFFE_MEAN_BGR: [f32; 3] = [103.939, 116.779, 123.68];

/// A 224×224 RGB crop, ready for the network.
#[derive(Debug, Clone, PartialEq)]
pub struct Crop {
    rgb: RgbImage,
}

impl Crop {
    /// Takes an image that is already 224×224 (a reference fixture, say).
    pub fn from_rgb(rgb: RgbImage) -> Option<Self> {
        (rgb.dimensions() == (CROP_SIZE, CROP_SIZE)).then_some(Self { rgb })
    }

    /// Resizes the shorter side to 256 (bilinear) and takes the centre 224×224. A very long
    /// image is first cut to its central part of at most 4:1, which holds that centre.
    pub fn from_image(image: &RgbImage) -> Self {
        let (width, height) = image.dimensions();
        let (width_kept, height_kept) = (
            width.min(height.saturating_mul(MAX_ASPECT).max(1)),
            height.min(width.saturating_mul(MAX_ASPECT).max(1)),
        );
        if (width_kept, height_kept) != (width, height) {
            let middle = image::imageops::crop_imm(
                image,
                (width - width_kept) / 2,
                (height - height_kept) / 2,
                width_kept,
                height_kept,
            )
            .to_image();
            return Self::from_image(&middle);
        }
        let shorter = width.min(height).max(1);
        let scale = f64::from(RESIZE_SHORTER) / f64::from(shorter);
        let new_width = ((f64::from(width) * scale).round() as u32).max(CROP_SIZE);
        let new_height = ((f64::from(height) * scale).round() as u32).max(CROP_SIZE);
        let resized = image::imageops::resize(image, new_width, new_height, FilterType::Triangle);
        let left = (new_width - CROP_SIZE) / 2;
        let top = (new_height - CROP_SIZE) / 2;
        let rgb = image::imageops::crop_imm(&resized, left, top, CROP_SIZE, CROP_SIZE).to_image();
        Self { rgb }
    }

    pub fn rgb(&self) -> &RgbImage {
        &self.rgb
    }

    /// Channels-first BGR values minus the ImageNet means: 3 × 224 × 224 floats.
    pub fn network_input(&self) -> Vec<f32> {
        let plane = (CROP_SIZE * CROP_SIZE) as usize;
        let mut input = vec![0f32; 3 * plane];
        for (i, pixel) in self.rgb.pixels().enumerate() {
            for (channel, mean) in CAFFE_MEAN_BGR.iter().enumerate() {
                // BGR: channel 0 takes red's place from the other end.
                input[channel * plane + i] = f32::from(pixel[2 - channel]) - mean;
            }
        }
        input
    }
}

/// Decodes an image file into upright RGB, refusing oversized or broken files with a clear error.
pub fn decode(path: &Path) -> Result<RgbImage, ImagesError> {
    let decode_error = |message: String| ImagesError::Decode {
        path: path.to_owned(),
        message,
    };
    let io_error = |e: std::io::Error| ImagesError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    };
    let open = || -> Result<ImageReader<BufReader<std::fs::File>>, ImagesError> {
        ImageReader::open(path)
            .and_then(|reader| reader.with_guessed_format())
            .map_err(io_error)
    };
    let file_bytes = std::fs::metadata(path).map_err(io_error)?.len();
    if file_bytes == 0 {
        return Err(decode_error("the file is empty".into()));
    }
    let mut header = open()?;
    // The header is read for the size the file claims, which is judged below with its own
    // message; only what reading it may allocate (metadata) is limited here.
    let mut metadata = Limits::no_limits();
    metadata.max_alloc = Some(MAX_METADATA_BYTES);
    header.limits(metadata);
    let format = header.format();
    let (width, height) = header
        .into_dimensions()
        .map_err(|e| decode_error(e.to_string()))?;
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImagesError::TooLarge {
            path: path.to_owned(),
            width,
            height,
            max_side: MAX_SIDE,
            max_megapixels: MAX_PIXELS / 1_000_000,
        });
    }
    if let Some(message) = implausibly_small(format, width, height, file_bytes) {
        return Err(decode_error(message));
    }
    let mut reader = open()?;
    if reader.format() == Some(ImageFormat::Jpeg) && !ends_with_jpeg_end_marker(path)? {
        // The JPEG decoder paints missing data grey instead of failing; a photo cut off in
        // transfer should say so rather than embed a half-grey picture.
        return Err(decode_error(
            "the JPEG is truncated (no end-of-image marker)".into(),
        ));
    }
    // The pixels and the metadata, and no more: a small image with a metadata bomb is refused.
    let pixels = u64::from(width) * u64::from(height);
    let budget = (pixels * MAX_BYTES_PER_PIXEL + MAX_METADATA_BYTES).min(MAX_DECODE_BYTES);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(budget);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| decode_error(e.to_string()))?;
    let orientation = decoder
        .orientation()
        .map_err(|e| decode_error(e.to_string()))?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| decode_error(e.to_string()))?;
    image.apply_orientation(orientation);
    Ok(flatten_on_white(image))
}

/// Why a file is too small to hold the pixels its header declares, if it is: a JPEG needs at
/// least a bit for each 8×8 block, a PNG's deflate stream at least a byte per 1032 (deflate's
/// best ratio), a GIF's LZW codes (12 bits at most) at most 4096 pixels each, so a byte per
/// 2730 pixels of its screen, which the decoder fills whole whatever its frames cover. Decoders
/// paint missing data grey, so a header that lies would otherwise be decoded, at full size, from
/// data that is not there.
fn implausibly_small(
    format: Option<ImageFormat>,
    width: u32,
    height: u32,
    file_bytes: u64,
) -> Option<String> {
    let pixels = u64::from(width) * u64::from(height);
    let least = match format? {
        ImageFormat::Jpeg => pixels / 64 / 8,
        ImageFormat::Png => pixels / 1032,
        ImageFormat::Gif => pixels / 2730,
        _ => return None,
    };
    (file_bytes < least).then(|| {
        format!(
            "the header declares {width}×{height} pixels, which cannot fit in {file_bytes} bytes \
             (at least {least}); is the file truncated?"
        )
    })
}

/// Whether the file's last bytes hold JPEG's end-of-image marker (FF D9). Inside the
/// compressed data FF is always followed by 00 or a restart marker, so FF D9 is only ever EOI;
/// some writers append padding after it, hence the look back over the tail.
fn ends_with_jpeg_end_marker(path: &Path) -> Result<bool, ImagesError> {
    use std::io::{Read, Seek, SeekFrom};
    let io_error = |e: std::io::Error| ImagesError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    };
    let mut file = std::fs::File::open(path).map_err(io_error)?;
    let length = file.metadata().map_err(io_error)?.len();
    file.seek(SeekFrom::Start(length.saturating_sub(1024)))
        .map_err(io_error)?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail).map_err(io_error)?;
    Ok(tail.windows(2).any(|pair| pair == [0xFF, 0xD9]))
}

/// Decodes, orients and crops one file.
pub fn load_crop(path: &Path) -> Result<Crop, ImagesError> {
    decode(path).map(|rgb| Crop::from_image(&rgb))
}

/// RGB with any transparency composited over white (transparent pixels often hide black).
fn flatten_on_white(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let (width, height) = rgba.dimensions();
    RgbImage::from_fn(width, height, |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let alpha = u16::from(a);
        let blend = |c: u8| ((u16::from(c) * alpha + 255 * (255 - alpha) + 127) / 255) as u8;
        image::Rgb([blend(r), blend(g), blend(b)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crops_are_centred_squares_of_224() {
        let wide = RgbImage::from_fn(800, 400, |x, _| image::Rgb([(x % 256) as u8, 0, 0]));
        let crop = Crop::from_image(&wide);
        assert_eq!(crop.rgb().dimensions(), (224, 224));
        let tiny = RgbImage::new(3, 2);
        assert_eq!(Crop::from_image(&tiny).rgb().dimensions(), (224, 224));
    }

    #[test]
    fn a_long_strip_is_cut_to_its_middle_before_resizing() {
        let strip = RgbImage::from_fn(20_000, 1, |x, _| image::Rgb([(x / 100) as u8, 0, 0]));
        let crop = Crop::from_image(&strip);
        assert_eq!(crop.rgb().dimensions(), (224, 224));
        // The middle of the strip (x ≈ 10000) is what the crop shows.
        assert_eq!(crop.rgb().get_pixel(112, 112).0[0], 100);
        let tall = RgbImage::new(3, 5_000);
        assert_eq!(Crop::from_image(&tall).rgb().dimensions(), (224, 224));
    }

    #[test]
    fn headers_that_claim_more_pixels_than_the_file_holds_are_caught() {
        assert!(implausibly_small(Some(ImageFormat::Jpeg), 20_000, 20_000, 633).is_some());
        assert!(implausibly_small(Some(ImageFormat::Jpeg), 640, 480, 30_000).is_none());
        assert!(implausibly_small(Some(ImageFormat::Png), 20_000, 1, 140).is_none());
        assert!(implausibly_small(Some(ImageFormat::Png), 20_000, 20_000, 140).is_some());
        assert!(implausibly_small(None, 20_000, 20_000, 1).is_none());
    }

    #[test]
    fn network_input_is_bgr_minus_means_channels_first() {
        let rgb = RgbImage::from_pixel(224, 224, image::Rgb([200, 100, 50]));
        let input = Crop::from_rgb(rgb).unwrap().network_input();
        let plane = 224 * 224;
        assert_eq!(input.len(), 3 * plane);
        assert_eq!(input[0], 50.0 - 103.939);
        assert_eq!(input[plane], 100.0 - 116.779);
        assert_eq!(input[2 * plane + 5], 200.0 - 123.68);
    }

    #[test]
    fn transparency_becomes_white() {
        let mut rgba = image::RgbaImage::new(2, 1);
        rgba.put_pixel(0, 0, image::Rgba([0, 0, 0, 0]));
        rgba.put_pixel(1, 0, image::Rgba([10, 20, 30, 255]));
        let flat = flatten_on_white(DynamicImage::ImageRgba8(rgba));
        assert_eq!(flat.get_pixel(0, 0).0, [255, 255, 255]);
        assert_eq!(flat.get_pixel(1, 0).0, [10, 20, 30]);
    }
}
