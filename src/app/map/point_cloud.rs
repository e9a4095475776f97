//! The words map's points drawn by the GPU: one instanced quad per word, from a buffer uploaded
//! only when the layout or its colours change, so a frame of the whole 341,479-word vocabulary
//! costs one draw call instead of 341k egui shapes to build and tessellate. Where the window runs
//! on OpenGL (the fallback) or without a renderer, the map draws its points with egui_plot.

use std::ops::RangeInclusive;
use std::sync::Arc;

use eframe::egui_wgpu::{self, CallbackResources, CallbackTrait, RenderState, wgpu};
use egui::{Color32, Shape, Ui};
use egui_plot::{PlotBounds, PlotGeometry, PlotItem, PlotItemBase, PlotTransform};

/// Bytes per point in the instance buffer: x and y as f32, then the colour as sRGBA bytes.
const INSTANCE_BYTES: u64 = 12;

/// The points of one layout in one colouring, ready for the GPU; `key` tells layouts apart so
/// the buffer is uploaded once per layout.
pub struct PointCloud {
    pub key: (u64, u64),
    bytes: Arc<Vec<u8>>,
    count: u32,
    bounds: PlotBounds,
}

impl PointCloud {
    /// `colour(p)` is the colour of the point at position `p` of `coords`.
    pub fn new(key: (u64, u64), coords: &[[f64; 2]], colour: impl Fn(usize) -> Color32) -> Self {
        let mut bytes = Vec::with_capacity(coords.len() * INSTANCE_BYTES as usize);
        let mut bounds = PlotBounds::NOTHING;
        for (p, &[x, y]) in coords.iter().enumerate() {
            bytes.extend_from_slice(&(x as f32).to_le_bytes());
            bytes.extend_from_slice(&(y as f32).to_le_bytes());
            bytes.extend_from_slice(&colour(p).to_array());
            bounds.extend_with(&egui_plot::PlotPoint::new(x, y));
        }
        Self {
            key,
            bytes: Arc::new(bytes),
            count: coords.len() as u32,
            bounds,
        }
    }

    /// The cloud as an item of the plot, drawn with dots of `radius` points.
    pub fn item(&self, radius: f32) -> PointsItem {
        PointsItem {
            base: PlotItemBase::new("words".to_owned()),
            key: self.key,
            bytes: self.bytes.clone(),
            count: self.count,
            bounds: self.bounds,
            radius,
        }
    }
}

/// Sets up the GPU side (shader, pipeline, buffers) in the renderer's callback resources. Returns
/// whether the map can draw its points this way.
pub fn install(render_state: Option<&RenderState>) -> bool {
    let Some(render_state) = render_state else {
        return false;
    };
    let resources = GpuPoints::new(&render_state.device, render_state.target_format);
    render_state
        .renderer
        .write()
        .callback_resources
        .insert(resources);
    true
}

/// Writes `bytes` into the instance buffer, made anew (at least 16 bytes) when it is too small:
/// the upload both GPU point clouds (the map's, the 3-D view's) make when their points change.
pub(crate) fn upload_instances(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    buffer: &mut Option<wgpu::Buffer>,
    bytes: &[u8],
    label: &'static str,
) {
    let size = (bytes.len() as u64).max(16);
    if buffer.as_ref().is_none_or(|b| b.size() < size) {
        *buffer = Some(device.create_buffer(&wgpu::BufferDescriptor {
            label: Some(label),
            size,
            usage: wgpu::BufferUsages::VERTEX | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        }));
    }
    if let Some(buffer) = buffer {
        queue.write_buffer(buffer, 0, bytes);
    }
}

/// The pipeline and buffers, kept by the renderer between frames.
struct GpuPoints {
    pipeline: wgpu::RenderPipeline,
    view: wgpu::Buffer,
    bind_group: wgpu::BindGroup,
    instances: Option<wgpu::Buffer>,
    count: u32,
    uploaded: Option<(u64, u64)>,
}

const SHADER: &str = r#"
struct View {
    low: vec2<f32>,
    high: vec2<f32>,
    // Clip-space units per point of the screen, along x and y.
    per_point: vec2<f32>,
    radius: f32,
    half_size: f32,
};
@group(0) @binding(0) var<uniform> view: View;

struct Corner {
    @builtin(position) position: vec4<f32>,
    // Points from the dot's centre.
    @location(0) offset: vec2<f32>,
    @location(1) colour: vec4<f32>,
};

@vertex
fn vs_main(@builtin(vertex_index) vertex: u32, @location(0) point: vec2<f32>,
           @location(1) colour: vec4<f32>) -> Corner {
    var corners = array<vec2<f32>, 6>(
        vec2(-1.0, -1.0), vec2(1.0, -1.0), vec2(1.0, 1.0),
        vec2(-1.0, -1.0), vec2(1.0, 1.0), vec2(-1.0, 1.0));
    let offset = corners[vertex] * view.half_size;
    let centre = (point - view.low) / (view.high - view.low) * 2.0 - 1.0;
    var out: Corner;
    out.position = vec4(centre + offset * view.per_point, 0.0, 1.0);
    out.offset = offset;
    out.colour = colour;
    return out;
}

// A round dot with a one-point soft edge, premultiplied as egui draws.
fn coverage(offset: vec2<f32>) -> f32 {
    return clamp(view.radius + 0.5 - length(offset), 0.0, 1.0);
}

@fragment
fn fs_gamma(in: Corner) -> @location(0) vec4<f32> {
    return in.colour * coverage(in.offset);
}

fn linear(c: vec3<f32>) -> vec3<f32> {
    let low = c / 12.92;
    let high = pow((c + 0.055) / 1.055, vec3(2.4));
    return select(high, low, c < vec3(0.04045));
}

@fragment
fn fs_linear(in: Corner) -> @location(0) vec4<f32> {
    return vec4(linear(in.colour.rgb), in.colour.a) * coverage(in.offset);
}
"#;

/// The uniform's size: six f32 and two of padding, a multiple of 16 bytes.
const VIEW_BYTES: u64 = 32;

impl GpuPoints {
    fn new(device: &wgpu::Device, format: wgpu::TextureFormat) -> Self {
        let shader = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("map points"),
            source: wgpu::ShaderSource::Wgsl(SHADER.into()),
        });
        let view = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("map view"),
            size: VIEW_BYTES,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("map view"),
            entries: &[wgpu::BindGroupLayoutEntry {
                binding: 0,
                visibility: wgpu::ShaderStages::VERTEX_FRAGMENT,
                ty: wgpu::BindingType::Buffer {
                    ty: wgpu::BufferBindingType::Uniform,
                    has_dynamic_offset: false,
                    min_binding_size: wgpu::BufferSize::new(VIEW_BYTES),
                },
                count: None,
            }],
        });
        let bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("map view"),
            layout: &layout,
            entries: &[wgpu::BindGroupEntry {
                binding: 0,
                resource: view.as_entire_binding(),
            }],
        });
        let pipeline_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("map points"),
            bind_group_layouts: &[Some(&layout)],
            immediate_size: 0,
        });
        let pipeline = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("map points"),
            layout: Some(&pipeline_layout),
            vertex: wgpu::VertexState {
                module: &shader,
                entry_point: Some("vs_main"),
                compilation_options: wgpu::PipelineCompilationOptions::default(),
                buffers: &[Some(wgpu::VertexBufferLayout {
                    array_stride: INSTANCE_BYTES,
                    step_mode: wgpu::VertexStepMode::Instance,
                    attributes: &wgpu::vertex_attr_array![0 => Float32x2, 1 => Unorm8x4],
                })],
            },
            fragment: Some(wgpu::FragmentState {
                module: &shader,
                entry_point: Some(if format.is_srgb() {
                    "fs_linear"
                } else {
                    "fs_gamma"
                }),
                compilation_options: wgpu::PipelineCompilationOptions::default(),
                targets: &[Some(wgpu::ColorTargetState {
                    format,
                    blend: Some(wgpu::BlendState::PREMULTIPLIED_ALPHA_BLENDING),
                    write_mask: wgpu::ColorWrites::ALL,
                })],
            }),
            primitive: wgpu::PrimitiveState::default(),
            depth_stencil: None,
            multisample: wgpu::MultisampleState::default(),
            multiview_mask: None,
            cache: None,
        });
        Self {
            pipeline,
            view,
            bind_group,
            instances: None,
            count: 0,
            uploaded: None,
        }
    }
}

/// The words as one item of the plot: its shapes are a paint callback over the plot's frame.
pub struct PointsItem {
    base: PlotItemBase,
    key: (u64, u64),
    bytes: Arc<Vec<u8>>,
    count: u32,
    bounds: PlotBounds,
    radius: f32,
}

impl PlotItem for PointsItem {
    fn shapes(&self, _ui: &Ui, transform: &PlotTransform, shapes: &mut Vec<Shape>) {
        let frame = *transform.frame();
        let view = transform.bounds();
        let draw = DrawPoints {
            key: self.key,
            bytes: self.bytes.clone(),
            count: self.count,
            low: [view.min()[0] as f32, view.min()[1] as f32],
            high: [view.max()[0] as f32, view.max()[1] as f32],
            per_point: [2.0 / frame.width(), 2.0 / frame.height()],
            radius: self.radius,
        };
        shapes.push(Shape::Callback(egui_wgpu::Callback::new_paint_callback(
            frame, draw,
        )));
    }

    fn initialize(&mut self, _x_range: RangeInclusive<f64>) {}

    fn color(&self) -> Color32 {
        Color32::GRAY
    }

    fn geometry(&self) -> PlotGeometry<'_> {
        PlotGeometry::None
    }

    fn bounds(&self) -> PlotBounds {
        self.bounds
    }

    fn base(&self) -> &PlotItemBase {
        &self.base
    }

    fn base_mut(&mut self) -> &mut PlotItemBase {
        &mut self.base
    }
}

/// One frame's draw: the view to draw and, when the layout is new, the points to upload.
struct DrawPoints {
    key: (u64, u64),
    bytes: Arc<Vec<u8>>,
    count: u32,
    low: [f32; 2],
    high: [f32; 2],
    per_point: [f32; 2],
    radius: f32,
}

impl CallbackTrait for DrawPoints {
    fn prepare(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        _screen: &egui_wgpu::ScreenDescriptor,
        _encoder: &mut wgpu::CommandEncoder,
        resources: &mut CallbackResources,
    ) -> Vec<wgpu::CommandBuffer> {
        let Some(gpu) = resources.get_mut::<GpuPoints>() else {
            return Vec::new();
        };
        if gpu.uploaded != Some(self.key) {
            upload_instances(device, queue, &mut gpu.instances, &self.bytes, "map points");
            gpu.count = self.count;
            gpu.uploaded = Some(self.key);
        }
        let values = [
            self.low[0],
            self.low[1],
            self.high[0],
            self.high[1],
            self.per_point[0],
            self.per_point[1],
            self.radius,
            self.radius + 1.0,
        ];
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        queue.write_buffer(&gpu.view, 0, &bytes);
        Vec::new()
    }

    fn paint(
        &self,
        _info: egui::PaintCallbackInfo,
        render_pass: &mut wgpu::RenderPass<'static>,
        resources: &CallbackResources,
    ) {
        let Some(gpu) = resources.get::<GpuPoints>() else {
            return;
        };
        let Some(instances) = &gpu.instances else {
            return;
        };
        if gpu.count == 0 {
            return;
        }
        render_pass.set_pipeline(&gpu.pipeline);
        render_pass.set_bind_group(0, &gpu.bind_group, &[]);
        render_pass.set_vertex_buffer(0, instances.slice(..));
        render_pass.draw(0..6, 0..gpu.count);
    }
}
