//! The orbit camera of the 3-D view: it turns about the scene's centre (drag, arrow keys, or
//! slowly by itself for a projector), zooms (scroll) and pans (Shift-drag or right-drag), and
//! projects a point of the scene onto the screen in perspective, with its depth for the cues.
//! A lesson and the settings keep it; what is read back is repaired into range.

use egui::{Pos2, Rect, Vec2, pos2};

/// How far the eye is from the centre, in units of the scene's radius (the scene is scaled to
/// fit a unit ball).
pub(super) const EYE_DISTANCE: f32 = 3.0;
/// Closer than this to the eye a point is not drawn.
pub(super) const NEAR: f32 = 0.05;
/// How much darker the farthest part of the scene is drawn than the nearest (the depth cue both
/// the GPU and the painter draw with).
pub(super) const FAR_DIMMING: f32 = 0.6;
/// The ranges a camera is kept in.
pub const PITCH_LIMIT: f32 = 1.55;
pub const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.2..=20.0;
pub const PAN_LIMIT: f32 = 5.0;
/// Radians per point dragged, and per arrow-key press.
const TURN_PER_POINT: f32 = 0.01;
pub const TURN_PER_KEY: f32 = 0.1;
/// Radians per second when turning by itself: a full turn in about 40 s.
pub const SLOW_TURN: f32 = 0.16;

/// Where the camera looks from.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Camera {
    /// Turn about the vertical axis, radians.
    pub yaw: f32,
    /// Tilt up or down, radians, within ±[`PITCH_LIMIT`].
    pub pitch: f32,
    /// Magnification, within [`ZOOM_RANGE`].
    pub zoom: f32,
    /// Shift of the picture, in units of the view's shorter side, within ±[`PAN_LIMIT`].
    pub pan: [f32; 2],
}

impl Default for Camera {
    fn default() -> Self {
        Self {
            yaw: 0.6,
            pitch: 0.35,
            zoom: 1.0,
            pan: [0.0, 0.0],
        }
    }
}

/// A point of the scene on the screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OnScreen {
    pub pos: Pos2,
    /// Distance from the eye, larger is farther.
    pub depth: f32,
    /// How much larger than at the centre's depth things at this depth are drawn.
    pub scale: f32,
    /// 0 for the nearest part of the scene, 1 for the farthest: the depth cue.
    pub far: f32,
}

impl Camera {
    /// The camera with every value in range: a yaw wrapped into (−π, π], the rest clamped, and
    /// what is not a number back to its default.
    pub fn validated(self) -> Self {
        let default = Self::default();
        let finite = |value: f32, fallback: f32| if value.is_finite() { value } else { fallback };
        let yaw = finite(self.yaw, default.yaw);
        Self {
            yaw: yaw
                - std::f32::consts::TAU
                    * ((yaw + std::f32::consts::PI) / std::f32::consts::TAU).floor(),
            pitch: finite(self.pitch, default.pitch).clamp(-PITCH_LIMIT, PITCH_LIMIT),
            zoom: finite(self.zoom, default.zoom).clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end()),
            pan: self
                .pan
                .map(|p| finite(p, 0.0).clamp(-PAN_LIMIT, PAN_LIMIT)),
        }
    }

    /// Turns by a drag of `delta` points (right turns the scene right, down tilts it down).
    pub fn orbit(&mut self, delta: Vec2) {
        self.turn(delta.x * TURN_PER_POINT, delta.y * TURN_PER_POINT);
    }

    /// Turns by `yaw` and `pitch` radians.
    pub fn turn(&mut self, yaw: f32, pitch: f32) {
        self.yaw += yaw;
        self.pitch += pitch;
        *self = self.validated();
    }

    /// Zooms by a scroll of `scroll` points (up: closer).
    pub fn scroll(&mut self, scroll: f32) {
        self.zoom *= (scroll * 0.002).exp();
        *self = self.validated();
    }

    /// Moves the picture by a drag of `delta` points in a view of `rect`.
    pub fn pan_by(&mut self, delta: Vec2, rect: Rect) {
        let side = rect.width().min(rect.height()).max(1.0);
        self.pan[0] += delta.x / side;
        self.pan[1] += delta.y / side;
        *self = self.validated();
    }

    /// The turn as a matrix, row by row: turn about the vertical (y) axis by the yaw, then tilt
    /// about the horizontal (x) axis by the pitch.
    pub fn turn_rows(&self) -> [[f32; 3]; 3] {
        let (sy, cy) = self.yaw.sin_cos();
        let (sp, cp) = self.pitch.sin_cos();
        [
            [cy, 0.0, sy],
            [sp * sy, cp, -sp * cy],
            [-cp * sy, sp, cp * cy],
        ]
    }

    /// The scene's coordinates turned into the camera's: x right, y up, z towards the eye.
    pub fn view(&self, p: [f32; 3]) -> [f32; 3] {
        self.turn_rows()
            .map(|row| row[0] * p[0] + row[1] * p[1] + row[2] * p[2])
    }

    /// Where the scene's centre appears in `rect`, panned.
    pub fn centre(&self, rect: Rect) -> Pos2 {
        let side = rect.width().min(rect.height());
        rect.center() + Vec2::new(self.pan[0], self.pan[1]) * side
    }

    /// Where the scene point `p` (in a unit ball about the origin) appears in `rect`, or `None`
    /// when it is behind the eye or not a number.
    pub fn project(&self, p: [f32; 3], rect: Rect) -> Option<OnScreen> {
        self.projector(rect).project(p)
    }

    /// The projection into `rect` with its turn worked out once, for projecting many points.
    pub fn projector(&self, rect: Rect) -> Projector {
        Projector {
            rows: self.turn_rows(),
            focal: focal_length(self, rect),
            centre: self.centre(rect),
        }
    }
}

/// A camera's projection into one view, ready for many points.
#[derive(Debug, Clone, Copy)]
pub struct Projector {
    rows: [[f32; 3]; 3],
    focal: f32,
    centre: Pos2,
}

impl Projector {
    /// Where the scene point `p` appears, or `None` when it is behind the eye or not a number.
    pub fn project(&self, p: [f32; 3]) -> Option<OnScreen> {
        let [x, y, z] = self
            .rows
            .map(|row| row[0] * p[0] + row[1] * p[1] + row[2] * p[2]);
        let depth = EYE_DISTANCE - z;
        if depth.is_nan() || depth <= NEAR || !x.is_finite() || !y.is_finite() {
            return None;
        }
        Some(OnScreen {
            pos: pos2(
                self.centre.x + self.focal * x / depth,
                self.centre.y - self.focal * y / depth,
            ),
            depth,
            scale: EYE_DISTANCE / depth,
            far: ((depth - (EYE_DISTANCE - 1.0)) / 2.0).clamp(0.0, 1.0),
        })
    }
}

/// The perspective's focal length in points for a view of `rect`: a unit ball at the centre's
/// depth fills about 0.55 of the shorter side each way.
pub fn focal_length(camera: &Camera, rect: Rect) -> f32 {
    0.55 * rect.width().min(rect.height()) * EYE_DISTANCE * camera.zoom
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect() -> Rect {
        Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0))
    }

    #[test]
    fn the_centre_projects_to_the_middle_and_depth_orders_points() {
        let camera = Camera {
            yaw: 0.0,
            pitch: 0.0,
            ..Camera::default()
        };
        let centre = camera.project([0.0; 3], rect()).unwrap();
        assert_eq!(centre.pos, rect().center());
        let near = camera.project([0.0, 0.0, 0.9], rect()).unwrap();
        let far = camera.project([0.0, 0.0, -0.9], rect()).unwrap();
        assert!(near.depth < far.depth && near.scale > far.scale && near.far < far.far);
        let right = camera.project([0.5, 0.0, 0.0], rect()).unwrap();
        let up = camera.project([0.0, 0.5, 0.0], rect()).unwrap();
        assert!(right.pos.x > centre.pos.x && up.pos.y < centre.pos.y);
        assert!(
            camera.project([0.0, 0.0, 10.0], rect()).is_none(),
            "behind the eye"
        );
        assert!(camera.project([f32::NAN, 0.0, 0.0], rect()).is_none());
    }

    #[test]
    fn turning_keeps_lengths_and_a_half_turn_mirrors() {
        let mut camera = Camera::default();
        let p = [0.3, -0.4, 0.5];
        let length = |v: [f32; 3]| v.iter().map(|c| c * c).sum::<f32>().sqrt();
        camera.orbit(Vec2::new(120.0, -40.0));
        assert!((length(camera.view(p)) - length(p)).abs() < 1e-6);
        let facing = Camera {
            yaw: 0.0,
            pitch: 0.0,
            ..Camera::default()
        };
        let half = Camera {
            yaw: std::f32::consts::PI,
            ..facing
        };
        let [x, _, z] = facing.view(p);
        let [hx, _, hz] = half.view(p);
        assert!((x + hx).abs() < 1e-6 && (z + hz).abs() < 1e-6);
    }

    #[test]
    fn values_out_of_range_are_repaired() {
        let wild = Camera {
            yaw: 7.0,
            pitch: 9.0,
            zoom: f32::NAN,
            pan: [f32::INFINITY, -80.0],
        }
        .validated();
        assert!((wild.yaw - (7.0 - std::f32::consts::TAU)).abs() < 1e-6);
        assert_eq!(wild.pitch, PITCH_LIMIT);
        assert_eq!(wild.zoom, Camera::default().zoom);
        assert_eq!(wild.pan, [0.0, -PAN_LIMIT]);
        let mut camera = Camera::default();
        for _ in 0..100 {
            camera.scroll(1000.0);
        }
        assert_eq!(camera.zoom, *ZOOM_RANGE.end());
        assert_eq!(Camera::default().validated(), Camera::default());
    }
}
