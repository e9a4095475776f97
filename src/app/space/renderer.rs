//! The 3-D view's dots drawn by the GPU: one instanced quad per word from a buffer uploaded only
//! when the layout or its colours change, with a depth buffer, so turning the view costs one
//! draw call and no sorting. They are drawn into a texture of the view's own (colour and depth)
//! in the paint callback's prepare step, then copied into egui's pass, so the 3-D pass needs no
//! depth buffer from the window. The projection is the camera's ([`super::camera`]), the same
//! arithmetic as the CPU path in [`super::draw`], which draws where the window runs on OpenGL.

use std::sync::Arc;

use eframe::egui_wgpu::{self, CallbackResources, CallbackTrait, RenderState, wgpu};
use egui::Rect;

use super::camera::{Camera, EYE_DISTANCE, FAR_DIMMING, NEAR, focal_length};
use super::scene::Dot;
use crate::app::map::point_cloud::upload_instances;

/// Bytes per dot in the instance buffer: x, y, z as f32, then the colour as sRGBA bytes.
const INSTANCE_BYTES: u64 = 16;
/// The uniform: the turn (three rows of four), then eye, focal, centre x, centre y, then width,
/// height, radius, near, then the far plane and the dimming.
const VIEW_BYTES: u64 = 96;
const DEPTH_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Depth32Float;
/// Depths beyond this from the eye are not drawn (the scene is a unit ball at 3, its far words
/// a few units out).
const FAR: f32 = 40.0;

/// The dots of one layout in one colouring, ready for the GPU; `key` tells them apart so the
/// buffer is uploaded once.
pub struct GpuDots {
    pub key: (u64, u64),
    bytes: Arc<Vec<u8>>,
    count: u32,
    radius: f32,
}

impl GpuDots {
    pub fn new(key: (u64, u64), dots: &[Dot]) -> Self {
        let mut bytes = Vec::with_capacity(dots.len() * INSTANCE_BYTES as usize);
        for dot in dots {
            for c in dot.at {
                bytes.extend_from_slice(&c.to_le_bytes());
            }
            bytes.extend_from_slice(&dot.colour.to_array());
        }
        Self {
            key,
            bytes: Arc::new(bytes),
            count: dots.len() as u32,
            radius: dots.first().map_or(1.6, |dot| dot.radius),
        }
    }

    /// The paint callback drawing these dots through `camera` into `rect`.
    pub fn callback(&self, camera: &Camera, rect: Rect) -> egui::Shape {
        egui::Shape::Callback(egui_wgpu::Callback::new_paint_callback(
            rect,
            DrawDots {
                key: self.key,
                bytes: self.bytes.clone(),
                count: self.count,
                camera: *camera,
                rect,
                radius: self.radius,
            },
        ))
    }
}

/// Sets up the GPU side in the renderer's callback resources; whether the view can draw its dots
/// this way.
pub fn install(render_state: Option<&RenderState>) -> bool {
    let Some(render_state) = render_state else {
        return false;
    };
    let resources = GpuSpace::new(&render_state.device, render_state.target_format);
    render_state
        .renderer
        .write()
        .callback_resources
        .insert(resources);
    true
}

const SHADER: &str = r#"
struct View {
    turn_x: vec4<f32>,
    turn_y: vec4<f32>,
    turn_z: vec4<f32>,
    // eye distance, focal length (pixels), centre x, centre y (pixels from the view's corner)
    lens: vec4<f32>,
    // width, height (pixels), radius (pixels at the centre's depth), near
    size: vec4<f32>,
    // far, dimming of the farthest
    depth: vec4<f32>,
};
@group(0) @binding(0) var<uniform> view: View;

struct Corner {
    @builtin(position) position: vec4<f32>,
    @location(0) offset: vec2<f32>,
    @location(1) colour: vec4<f32>,
    @location(2) radius: f32,
};

@vertex
fn vs_dots(@builtin(vertex_index) vertex: u32, @location(0) at: vec3<f32>,
           @location(1) colour: vec4<f32>) -> Corner {
    var corners = array<vec2<f32>, 6>(
        vec2(-1.0, -1.0), vec2(1.0, -1.0), vec2(1.0, 1.0),
        vec2(-1.0, -1.0), vec2(1.0, 1.0), vec2(-1.0, 1.0));
    let turned = vec3(dot(view.turn_x.xyz, at), dot(view.turn_y.xyz, at), dot(view.turn_z.xyz, at));
    let eye = view.lens.x;
    let depth = eye - turned.z;
    let scale = eye / depth;
    let radius = max(view.size.z * scale, 0.5);
    let offset = corners[vertex] * (radius + 1.0);
    let pixel = vec2(view.lens.z + view.lens.y * turned.x / depth,
                     view.lens.w - view.lens.y * turned.y / depth) + offset;
    var out: Corner;
    let ndc = vec2(pixel.x / view.size.x * 2.0 - 1.0, 1.0 - pixel.y / view.size.y * 2.0);
    // Behind the near plane: outside the clip volume, so not drawn.
    let z = select(2.0, clamp((depth - view.size.w) / (view.depth.x - view.size.w), 0.0, 1.0),
                   depth > view.size.w);
    out.position = vec4(ndc, z, 1.0);
    out.offset = offset;
    let far = clamp((depth - (eye - 1.0)) / 2.0, 0.0, 1.0);
    out.colour = colour * (1.0 - view.depth.y * far);
    out.radius = radius;
    return out;
}

// A square dot, as the CPU path draws it, with a one-pixel soft edge.
fn coverage(offset: vec2<f32>, radius: f32) -> f32 {
    let d = max(abs(offset.x), abs(offset.y));
    return clamp(radius + 0.5 - d, 0.0, 1.0);
}

fn linear(c: vec3<f32>) -> vec3<f32> {
    let low = c / 12.92;
    let high = pow((c + 0.055) / 1.055, vec3(2.4));
    return select(high, low, c < vec3(0.04045));
}

@fragment
fn fs_gamma(in: Corner) -> @location(0) vec4<f32> {
    let a = coverage(in.offset, in.radius);
    if (a <= 0.0) { discard; }
    return in.colour * a;
}

@fragment
fn fs_linear(in: Corner) -> @location(0) vec4<f32> {
    let a = coverage(in.offset, in.radius);
    if (a <= 0.0) { discard; }
    return vec4(linear(in.colour.rgb), in.colour.a) * a;
}

// The view's texture copied into egui's pass over the callback's rect.
struct Copied {
    @builtin(position) position: vec4<f32>,
    @location(0) uv: vec2<f32>,
};

@group(0) @binding(0) var picture: texture_2d<f32>;
@group(0) @binding(1) var picture_sampler: sampler;

@vertex
fn vs_copy(@builtin(vertex_index) vertex: u32) -> Copied {
    var corners = array<vec2<f32>, 6>(
        vec2(0.0, 0.0), vec2(1.0, 0.0), vec2(1.0, 1.0),
        vec2(0.0, 0.0), vec2(1.0, 1.0), vec2(0.0, 1.0));
    let uv = corners[vertex];
    var out: Copied;
    out.position = vec4(uv.x * 2.0 - 1.0, 1.0 - uv.y * 2.0, 0.0, 1.0);
    out.uv = uv;
    return out;
}

@fragment
fn fs_copy(in: Copied) -> @location(0) vec4<f32> {
    return textureSample(picture, picture_sampler, in.uv);
}
"#;

/// The pipelines, buffers and the view's textures, kept by the renderer between frames.
struct GpuSpace {
    dots: wgpu::RenderPipeline,
    copy: wgpu::RenderPipeline,
    copy_layout: wgpu::BindGroupLayout,
    sampler: wgpu::Sampler,
    format: wgpu::TextureFormat,
    view: wgpu::Buffer,
    view_group: wgpu::BindGroup,
    instances: Option<wgpu::Buffer>,
    count: u32,
    uploaded: Option<(u64, u64)>,
    /// The view's colour and depth textures and the copy's bind group, at this size.
    target: Option<Target>,
}

struct Target {
    size: [u32; 2],
    colour: wgpu::TextureView,
    depth: wgpu::TextureView,
    copy_group: wgpu::BindGroup,
}

impl GpuSpace {
    fn new(device: &wgpu::Device, format: wgpu::TextureFormat) -> Self {
        let shader = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("3-D dots"),
            source: wgpu::ShaderSource::Wgsl(SHADER.into()),
        });
        let view = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("3-D view"),
            size: VIEW_BYTES,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let view_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("3-D view"),
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
        let view_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("3-D view"),
            layout: &view_layout,
            entries: &[wgpu::BindGroupEntry {
                binding: 0,
                resource: view.as_entire_binding(),
            }],
        });
        let dots_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("3-D dots"),
            bind_group_layouts: &[Some(&view_layout)],
            immediate_size: 0,
        });
        let dots = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("3-D dots"),
            layout: Some(&dots_layout),
            vertex: wgpu::VertexState {
                module: &shader,
                entry_point: Some("vs_dots"),
                compilation_options: wgpu::PipelineCompilationOptions::default(),
                buffers: &[Some(wgpu::VertexBufferLayout {
                    array_stride: INSTANCE_BYTES,
                    step_mode: wgpu::VertexStepMode::Instance,
                    attributes: &wgpu::vertex_attr_array![0 => Float32x3, 1 => Unorm8x4],
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
            depth_stencil: Some(wgpu::DepthStencilState {
                format: DEPTH_FORMAT,
                depth_write_enabled: Some(true),
                depth_compare: Some(wgpu::CompareFunction::Less),
                stencil: wgpu::StencilState::default(),
                bias: wgpu::DepthBiasState::default(),
            }),
            multisample: wgpu::MultisampleState::default(),
            multiview_mask: None,
            cache: None,
        });
        let copy_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("3-D copy"),
            entries: &[
                wgpu::BindGroupLayoutEntry {
                    binding: 0,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Texture {
                        sample_type: wgpu::TextureSampleType::Float { filterable: true },
                        view_dimension: wgpu::TextureViewDimension::D2,
                        multisampled: false,
                    },
                    count: None,
                },
                wgpu::BindGroupLayoutEntry {
                    binding: 1,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
                    count: None,
                },
            ],
        });
        let copy_pipeline_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("3-D copy"),
            bind_group_layouts: &[Some(&copy_layout)],
            immediate_size: 0,
        });
        let copy = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("3-D copy"),
            layout: Some(&copy_pipeline_layout),
            vertex: wgpu::VertexState {
                module: &shader,
                entry_point: Some("vs_copy"),
                compilation_options: wgpu::PipelineCompilationOptions::default(),
                buffers: &[],
            },
            fragment: Some(wgpu::FragmentState {
                module: &shader,
                entry_point: Some("fs_copy"),
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
        let sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("3-D copy"),
            ..Default::default()
        });
        Self {
            dots,
            copy,
            copy_layout,
            sampler,
            format,
            view,
            view_group,
            instances: None,
            count: 0,
            uploaded: None,
            target: None,
        }
    }

    /// Makes the view's textures at `size` pixels when they are not of that size.
    fn target(&mut self, device: &wgpu::Device, size: [u32; 2]) {
        if self.target.as_ref().is_none_or(|t| t.size != size) {
            let texture = |label, format, usage| {
                device
                    .create_texture(&wgpu::TextureDescriptor {
                        label: Some(label),
                        size: wgpu::Extent3d {
                            width: size[0],
                            height: size[1],
                            depth_or_array_layers: 1,
                        },
                        mip_level_count: 1,
                        sample_count: 1,
                        dimension: wgpu::TextureDimension::D2,
                        format,
                        usage,
                        view_formats: &[],
                    })
                    .create_view(&wgpu::TextureViewDescriptor::default())
            };
            let colour = texture(
                "3-D colour",
                self.format,
                wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::TEXTURE_BINDING,
            );
            let depth = texture(
                "3-D depth",
                DEPTH_FORMAT,
                wgpu::TextureUsages::RENDER_ATTACHMENT,
            );
            let copy_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("3-D copy"),
                layout: &self.copy_layout,
                entries: &[
                    wgpu::BindGroupEntry {
                        binding: 0,
                        resource: wgpu::BindingResource::TextureView(&colour),
                    },
                    wgpu::BindGroupEntry {
                        binding: 1,
                        resource: wgpu::BindingResource::Sampler(&self.sampler),
                    },
                ],
            });
            self.target = Some(Target {
                size,
                colour,
                depth,
                copy_group,
            });
        }
    }
}

/// One frame's draw: the camera, the view's place, and the dots to upload when they are new.
struct DrawDots {
    key: (u64, u64),
    bytes: Arc<Vec<u8>>,
    count: u32,
    camera: Camera,
    rect: Rect,
    radius: f32,
}

impl CallbackTrait for DrawDots {
    fn prepare(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        screen: &egui_wgpu::ScreenDescriptor,
        encoder: &mut wgpu::CommandEncoder,
        resources: &mut CallbackResources,
    ) -> Vec<wgpu::CommandBuffer> {
        let Some(gpu) = resources.get_mut::<GpuSpace>() else {
            return Vec::new();
        };
        if gpu.uploaded != Some(self.key) {
            upload_instances(device, queue, &mut gpu.instances, &self.bytes, "3-D dots");
            gpu.count = self.count;
            gpu.uploaded = Some(self.key);
        }
        let pixels = screen.pixels_per_point;
        let size = [
            (self.rect.width() * pixels).round().max(1.0) as u32,
            (self.rect.height() * pixels).round().max(1.0) as u32,
        ];
        // The camera's projection in the texture's pixels: as `Camera::project`, times the
        // pixels per point.
        let rows = self.camera.turn_rows();
        let local = Rect::from_min_size(egui::Pos2::ZERO, self.rect.size());
        let centre = self.camera.centre(local);
        let values: [f32; 24] = [
            rows[0][0],
            rows[0][1],
            rows[0][2],
            0.0,
            rows[1][0],
            rows[1][1],
            rows[1][2],
            0.0,
            rows[2][0],
            rows[2][1],
            rows[2][2],
            0.0,
            EYE_DISTANCE,
            focal_length(&self.camera, local) * pixels,
            centre.x * pixels,
            centre.y * pixels,
            size[0] as f32,
            size[1] as f32,
            self.radius * pixels,
            NEAR,
            FAR,
            FAR_DIMMING,
            0.0,
            0.0,
        ];
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        queue.write_buffer(&gpu.view, 0, &bytes);
        let (Some(instances), count) = (gpu.instances.clone(), gpu.count) else {
            return Vec::new();
        };
        gpu.target(device, size);
        let Some(target) = &gpu.target else {
            return Vec::new();
        };
        let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
            label: Some("3-D dots"),
            color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                view: &target.colour,
                depth_slice: None,
                resolve_target: None,
                ops: wgpu::Operations {
                    // Transparent: the copy lays the dots over the background egui drew.
                    load: wgpu::LoadOp::Clear(wgpu::Color::TRANSPARENT),
                    store: wgpu::StoreOp::Store,
                },
            })],
            depth_stencil_attachment: Some(wgpu::RenderPassDepthStencilAttachment {
                view: &target.depth,
                depth_ops: Some(wgpu::Operations {
                    load: wgpu::LoadOp::Clear(1.0),
                    store: wgpu::StoreOp::Discard,
                }),
                stencil_ops: None,
            }),
            timestamp_writes: None,
            occlusion_query_set: None,
            multiview_mask: None,
        });
        if count > 0 {
            pass.set_pipeline(&gpu.dots);
            pass.set_bind_group(0, &gpu.view_group, &[]);
            pass.set_vertex_buffer(0, instances.slice(..));
            pass.draw(0..6, 0..count);
        }
        Vec::new()
    }

    fn paint(
        &self,
        _info: egui::PaintCallbackInfo,
        render_pass: &mut wgpu::RenderPass<'static>,
        resources: &CallbackResources,
    ) {
        let Some(gpu) = resources.get::<GpuSpace>() else {
            return;
        };
        let Some(target) = &gpu.target else {
            return;
        };
        render_pass.set_pipeline(&gpu.copy);
        render_pass.set_bind_group(0, &target.copy_group, &[]);
        render_pass.draw(0..6, 0..1);
    }
}
